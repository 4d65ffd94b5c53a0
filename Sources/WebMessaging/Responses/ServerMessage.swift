import Foundation

/// A server → client frame: `{"type", "class", "code", "body", "tracingId"?}`.
///
/// Decoding ignores unknown fields; an unknown `class` decodes to
/// ``ServerMessageBody/unknown(className:body:)`` with the body kept verbatim; a known class with
/// a malformed body throws.
public struct ServerMessage: Sendable, Equatable, Codable {
    /// `response` (answers a request) or `message` (asynchronous).
    public var type: ServerMessageKind
    /// 200 on success; an error number (see ``ErrorCode``) otherwise.
    public var code: Int
    /// The body, by class.
    public var body: ServerMessageBody
    /// The tracing id of the request this answers or echoes.
    public var tracingId: String?

    /// Creates an envelope.
    public init(type: ServerMessageKind, code: Int = 200, body: ServerMessageBody, tracingId: String? = nil) {
        self.type = type
        self.code = code
        self.body = body
        self.tracingId = tracingId
    }

    /// A `response` envelope (the answer to a request).
    public static func response(_ body: ServerMessageBody, code: Int = 200, tracingId: String? = nil) -> Self {
        ServerMessage(type: .response, code: code, body: body, tracingId: tracingId)
    }

    /// An asynchronous `message` envelope.
    public static func message(_ body: ServerMessageBody, code: Int = 200, tracingId: String? = nil) -> Self {
        ServerMessage(type: .message, code: code, body: body, tracingId: tracingId)
    }

    /// A `string` error response, e.g. `.error(.sessionExpired, "session expired")`.
    public static func error(_ code: ErrorCode, _ text: String, tracingId: String? = nil) -> Self {
        ServerMessage(type: .response, code: code.rawValue, body: .string(text), tracingId: tracingId)
    }

    /// The `class` on the wire.
    public var className: ServerMessageClass { body.className }

    /// The error number when ``code`` is not a success (≥ 300), else `nil`.
    public var errorCode: ErrorCode? {
        code >= 300 ? ErrorCode(code) : nil
    }

    /// Whether this frame ends the session, so the client must start a new one instead of typing
    /// into a dead one: a `SessionExpiredEvent`, or error 4006 / 4007.
    public var endsSession: Bool {
        if case .sessionExpiredEvent = body { return true }
        return errorCode?.endsSession ?? false
    }

    /// The id correlating this frame with a request: `tracingId`, or for older clients
    /// `metadata.customMessageId` of a `StructuredMessage`.
    public var correlationId: String? {
        if let tracingId { return tracingId }
        if case .structuredMessage(let message) = body { return message.customMessageId }
        return nil
    }

    private static let typeKey = DynamicCodingKey("type")
    private static let classKey = DynamicCodingKey("class")
    private static let codeKey = DynamicCodingKey("code")
    private static let bodyKey = DynamicCodingKey("body")
    private static let tracingIdKey = DynamicCodingKey("tracingId")

    /// Decodes an envelope.
    /// - Throws: `DecodingError` when `type`, `class` or `code` is missing, or a known body is malformed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        type = try container.decode(ServerMessageKind.self, forKey: Self.typeKey)
        code = try container.decode(Int.self, forKey: Self.codeKey)
        tracingId = try container.decodeIfPresent(String.self, forKey: Self.tracingIdKey)
        let className = try container.decode(String.self, forKey: Self.classKey)
        body = try ServerMessageBody.decode(className: className, from: container, forKey: Self.bodyKey)
    }

    /// Encodes the envelope, omitting a nil `tracingId`.
    /// - Throws: `EncodingError` when a raw value cannot be encoded.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        try container.encode(type, forKey: Self.typeKey)
        try container.encode(className, forKey: Self.classKey)
        try container.encode(code, forKey: Self.codeKey)
        try body.encode(to: &container, forKey: Self.bodyKey)
        try container.encodeIfPresent(tracingId, forKey: Self.tracingIdKey)
    }

    /// Decodes one WebSocket text frame.
    /// - Throws: ``WebMessagingError`` (`WM_INVALID_JSON`, `WM_MALFORMED_MESSAGE`).
    public static func decode(from data: Data) throws(WebMessagingError) -> ServerMessage {
        try WebMessagingJSON.decode(ServerMessage.self, from: data)
    }

    /// Decodes one WebSocket text frame.
    /// - Throws: ``WebMessagingError`` (`WM_INVALID_JSON`, `WM_MALFORMED_MESSAGE`).
    public static func decode(from text: String) throws(WebMessagingError) -> ServerMessage {
        try decode(from: Data(text.utf8))
    }

    /// The envelope as one WebSocket text frame.
    /// - Throws: ``WebMessagingError`` (`WM_ENCODING_FAILED`).
    public func jsonString() throws(WebMessagingError) -> String {
        try WebMessagingJSON.encodeString(self)
    }
}
