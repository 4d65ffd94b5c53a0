/// The `action` discriminator of a client → server request.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct GuestRequestAction: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// Start or resume an anonymous session.
    public static let configureSession = GuestRequestAction("configureSession")

    /// Start or resume an authenticated session.
    public static let configureAuthenticatedSession = GuestRequestAction("configureAuthenticatedSession")

    /// Send a message (text, structured content or events).
    public static let onMessage = GuestRequestAction("onMessage")

    /// Application-level heartbeat.
    public static let echo = GuestRequestAction("echo")

    /// Ask for a presigned upload URL for a native Genesys attachment.
    public static let onAttachment = GuestRequestAction("onAttachment")

    /// Ask for a download URL of an attachment.
    public static let getAttachment = GuestRequestAction("getAttachment")

    /// Delete an uploaded attachment that was not yet sent.
    public static let deleteAttachment = GuestRequestAction("deleteAttachment")

    /// Ask for a JWT for the history REST API.
    public static let getJwt = GuestRequestAction("getJwt")

    /// Close the session (and optionally all its other connections).
    public static let closeSession = GuestRequestAction("closeSession")

    /// The wire text.
    public var description: String { rawValue }
}
