import Foundation

/// Any client → server request of the Guest protocol, discriminated by `action`.
///
/// Encoding writes the payload's fields plus `action`; decoding reads `action` and ignores
/// unknown fields. A missing or unknown `action` decodes to ``unknown(_:)`` with the request
/// kept verbatim; a known action with a malformed body throws.
public enum GuestRequest: Sendable, Equatable, Codable {
    /// `configureSession`.
    case configureSession(ConfigureSessionRequest)
    /// `configureAuthenticatedSession`.
    case configureAuthenticatedSession(ConfigureAuthenticatedSessionRequest)
    /// `onMessage` (text, structured content, typing, presence join/clear).
    case onMessage(OnMessageRequest)
    /// `echo`.
    case echo(EchoRequest)
    /// `onAttachment`.
    case onAttachment(OnAttachmentRequest)
    /// `getAttachment`.
    case getAttachment(GetAttachmentRequest)
    /// `deleteAttachment`.
    case deleteAttachment(DeleteAttachmentRequest)
    /// `getJwt`.
    case getJwt(GetJwtRequest)
    /// `closeSession`.
    case closeSession(CloseSessionRequest)
    /// A request with a missing or unknown `action`, kept verbatim.
    case unknown(JSONValue)

    /// The `action` (for ``unknown(_:)``, whatever the request said, if a string).
    public var action: GuestRequestAction? {
        switch self {
        case .configureSession: .configureSession
        case .configureAuthenticatedSession: .configureAuthenticatedSession
        case .onMessage: .onMessage
        case .echo: .echo
        case .onAttachment: .onAttachment
        case .getAttachment: .getAttachment
        case .deleteAttachment: .deleteAttachment
        case .getJwt: .getJwt
        case .closeSession: .closeSession
        case .unknown(let raw): raw["action"]?.stringValue.map(GuestRequestAction.init(rawValue:))
        }
    }

    /// The session token, when the request has one.
    public var token: String? {
        switch self {
        case .configureSession(let request): request.token
        case .configureAuthenticatedSession(let request): request.token
        case .onMessage(let request): request.token
        case .echo(let request): request.token
        case .onAttachment(let request): request.token
        case .getAttachment(let request): request.token
        case .deleteAttachment(let request): request.token
        case .getJwt(let request): request.token
        case .closeSession(let request): request.token
        case .unknown(let raw): raw["token"]?.stringValue
        }
    }

    /// The tracing id, when the request has one.
    public var tracingId: String? {
        switch self {
        case .configureSession(let request): request.tracingId
        case .configureAuthenticatedSession(let request): request.tracingId
        case .onMessage(let request): request.tracingId
        case .echo(let request): request.tracingId
        case .onAttachment(let request): request.tracingId
        case .getAttachment(let request): request.tracingId
        case .deleteAttachment(let request): request.tracingId
        case .getJwt(let request): request.tracingId
        case .closeSession(let request): request.tracingId
        case .unknown(let raw): raw["tracingId"]?.stringValue
        }
    }

    /// Decodes a request by its `action`.
    /// - Throws: `DecodingError` when the value is not an object, or a known action's body is malformed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        let action = try? container.decodeIfPresent(String.self, forKey: DynamicCodingKey("action"))
        switch action.map(GuestRequestAction.init(rawValue:)) {
        case .configureSession: self = .configureSession(try ConfigureSessionRequest(from: decoder))
        case .configureAuthenticatedSession:
            self = .configureAuthenticatedSession(try ConfigureAuthenticatedSessionRequest(from: decoder))
        case .onMessage: self = .onMessage(try OnMessageRequest(from: decoder))
        case .echo: self = .echo(try EchoRequest(from: decoder))
        case .onAttachment: self = .onAttachment(try OnAttachmentRequest(from: decoder))
        case .getAttachment: self = .getAttachment(try GetAttachmentRequest(from: decoder))
        case .deleteAttachment: self = .deleteAttachment(try DeleteAttachmentRequest(from: decoder))
        case .getJwt: self = .getJwt(try GetJwtRequest(from: decoder))
        case .closeSession: self = .closeSession(try CloseSessionRequest(from: decoder))
        default: self = .unknown(try JSONValue(from: decoder))
        }
    }

    /// Encodes the payload's fields plus `action`, or the raw request for ``unknown(_:)``.
    /// - Throws: `EncodingError` when a value cannot be encoded.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .configureSession(let request): try request.encode(to: encoder)
        case .configureAuthenticatedSession(let request): try request.encode(to: encoder)
        case .onMessage(let request): try request.encode(to: encoder)
        case .echo(let request): try request.encode(to: encoder)
        case .onAttachment(let request): try request.encode(to: encoder)
        case .getAttachment(let request): try request.encode(to: encoder)
        case .deleteAttachment(let request): try request.encode(to: encoder)
        case .getJwt(let request): try request.encode(to: encoder)
        case .closeSession(let request): try request.encode(to: encoder)
        case .unknown(let raw):
            try raw.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        try container.encode(action, forKey: DynamicCodingKey("action"))
    }

    /// Decodes one WebSocket text frame.
    /// - Throws: ``WebMessagingError`` (`WM_INVALID_JSON`, `WM_MALFORMED_MESSAGE`).
    public static func decode(from data: Data) throws(WebMessagingError) -> GuestRequest {
        try WebMessagingJSON.decode(GuestRequest.self, from: data)
    }

    /// Decodes one WebSocket text frame.
    /// - Throws: ``WebMessagingError`` (`WM_INVALID_JSON`, `WM_MALFORMED_MESSAGE`).
    public static func decode(from text: String) throws(WebMessagingError) -> GuestRequest {
        try decode(from: Data(text.utf8))
    }

    /// The request as one WebSocket text frame.
    /// - Throws: ``WebMessagingError`` (`WM_ENCODING_FAILED`).
    public func jsonString() throws(WebMessagingError) -> String {
        try WebMessagingJSON.encodeString(self)
    }
}
