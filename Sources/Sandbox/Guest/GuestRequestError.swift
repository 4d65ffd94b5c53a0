import WebMessaging

/// A guest request the sandbox refuses; sent back as a Genesys-style `string` response
/// (`{"type":"response","class":"string","code":…,"body":"…"}`).
public struct GuestRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Web Messaging error number (envelope `code`).
    public var code: ErrorCode
    /// The human-readable body (never holds tokens or payload values).
    public var message: String

    /// Creates an error.
    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The error as a response frame.
    public func frame(tracingId: String?) -> ServerMessage {
        .error(code, message, tracingId: tracingId)
    }

    /// `4011 (message too long): …`.
    public var description: String { "\(code): \(message)" }

    /// The token has no session (4007).
    static let sessionNotFound = GuestRequestError(.sessionNotFound, "Session not found")
    /// The session expired after inactivity (4006).
    static let sessionExpired = GuestRequestError(.sessionExpired, "Session has expired")
    /// The session was closed (`closeSession`); a new one must be started.
    static let sessionClosed = GuestRequestError(
        .sessionNotFound, "Session was closed; send configureSession with startNew to start a new one"
    )
    /// The conversation is read-only.
    static let readOnly = GuestRequestError(
        .forbidden, "Conversation is read-only; messages can no longer be sent"
    )
}
