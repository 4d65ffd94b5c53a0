/// Why a guest connection ended or a session stopped.
public struct GuestSessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// No answer within ``GuestSessionConfiguration/responseTimeout``.
        case timeout
        /// No frame for ``GuestSessionConfiguration/deadSocketTimeout``.
        case deadSocket
        /// The server closed the socket.
        case closedByServer
        /// The session ended (expired, read-only); a new one starts.
        case sessionEnded
        /// The history could not be fetched.
        case history
        /// Reconnection attempts are exhausted.
        case gaveUp
    }

    /// The code.
    public var code: Code
    /// Details for logs (never a token).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
