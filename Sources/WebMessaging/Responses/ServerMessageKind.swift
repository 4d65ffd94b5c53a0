/// The envelope `type`: `response` answers a request, `message` arrives on its own.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct ServerMessageKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// The answer to a request (same `tracingId`).
    public static let response = ServerMessageKind("response")

    /// An asynchronous message or event.
    public static let message = ServerMessageKind("message")

    /// The wire text.
    public var description: String { rawValue }
}
