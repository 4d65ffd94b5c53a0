/// The envelope `class`, naming the body's type.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct ServerMessageClass: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The value as sent on the wire.
    public var rawValue: String

    /// Creates a value from its wire text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a value from its wire text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The body is human-readable text; `code` carries the error number.
    public static let string = ServerMessageClass("string")

    /// The answer to `configureSession` / `closeSession`.
    public static let sessionResponse = ServerMessageClass("SessionResponse")

    /// A message (also the echo reply and the echo of the guest's own messages).
    public static let structuredMessage = ServerMessageClass("StructuredMessage")

    /// Where to PUT a native attachment.
    public static let presignedUrlResponse = ServerMessageClass("PresignedUrlResponse")

    /// The answer to `deleteAttachment`.
    public static let attachmentDeletedResponse = ServerMessageClass("AttachmentDeletedResponse")

    /// A native attachment upload was rejected.
    public static let uploadFailureEvent = ServerMessageClass("UploadFailureEvent")

    /// A native attachment upload succeeded.
    public static let uploadSuccessEvent = ServerMessageClass("UploadSuccessEvent")

    /// The answer to `getJwt`.
    public static let jwtResponse = ServerMessageClass("JwtResponse")

    /// No upload URL could be generated.
    public static let generateUrlError = ServerMessageClass("GenerateUrlError")

    /// The session expired.
    public static let sessionExpiredEvent = ServerMessageClass("SessionExpiredEvent")

    /// The client is rate-limited.
    public static let tooManyRequestsErrorMessage = ServerMessageClass("TooManyRequestsErrorMessage")

    /// The server closed this connection (another one took over).
    public static let connectionClosedEvent = ServerMessageClass("ConnectionClosedEvent")

    /// The authenticated guest was logged out.
    public static let logoutEvent = ServerMessageClass("LogoutEvent")

    /// The conversation was cleared.
    public static let sessionClearedEvent = ServerMessageClass("SessionClearedEvent")

    /// The wire text.
    public var description: String { rawValue }
}
