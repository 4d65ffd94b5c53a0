/// The `body` of a server → client envelope, one case per `class`.
public enum ServerMessageBody: Sendable, Equatable {
    /// `SessionResponse`.
    case sessionResponse(SessionResponse)
    /// `StructuredMessage`.
    case structuredMessage(StructuredMessage)
    /// `PresignedUrlResponse`.
    case presignedUrlResponse(PresignedUrlResponse)
    /// `UploadSuccessEvent`.
    case uploadSuccessEvent(UploadSuccessEvent)
    /// `UploadFailureEvent`.
    case uploadFailureEvent(UploadFailureEvent)
    /// `GenerateUrlError`.
    case generateUrlError(GenerateUrlError)
    /// `AttachmentDeletedResponse`.
    case attachmentDeletedResponse(AttachmentDeletedResponse)
    /// `JwtResponse`.
    case jwtResponse(JwtResponse)
    /// `SessionExpiredEvent`.
    case sessionExpiredEvent(SessionExpiredEvent)
    /// `SessionClearedEvent`.
    case sessionClearedEvent(SessionClearedEvent)
    /// `ConnectionClosedEvent`.
    case connectionClosedEvent(ConnectionClosedEvent)
    /// `LogoutEvent`.
    case logoutEvent(LogoutEvent)
    /// `TooManyRequestsErrorMessage`.
    case tooManyRequestsErrorMessage(TooManyRequestsErrorMessage)
    /// `string`: human-readable text; the envelope's `code` carries the error number.
    case string(String)
    /// A class this library does not know, with its body kept verbatim (`.null` when absent).
    case unknown(className: String, body: JSONValue)

    /// The `class` this body is sent under.
    public var className: ServerMessageClass {
        switch self {
        case .sessionResponse: .sessionResponse
        case .structuredMessage: .structuredMessage
        case .presignedUrlResponse: .presignedUrlResponse
        case .uploadSuccessEvent: .uploadSuccessEvent
        case .uploadFailureEvent: .uploadFailureEvent
        case .generateUrlError: .generateUrlError
        case .attachmentDeletedResponse: .attachmentDeletedResponse
        case .jwtResponse: .jwtResponse
        case .sessionExpiredEvent: .sessionExpiredEvent
        case .sessionClearedEvent: .sessionClearedEvent
        case .connectionClosedEvent: .connectionClosedEvent
        case .logoutEvent: .logoutEvent
        case .tooManyRequestsErrorMessage: .tooManyRequestsErrorMessage
        case .string: .string
        case .unknown(let className, _): ServerMessageClass(rawValue: className)
        }
    }

    /// Decodes the body stored under `key` for the given class.
    static func decode(
        className: String,
        from container: KeyedDecodingContainer<DynamicCodingKey>,
        forKey key: DynamicCodingKey
    ) throws -> ServerMessageBody {
        func body<T: Decodable>(_: T.Type) throws -> T {
            try container.decode(T.self, forKey: key)
        }
        switch ServerMessageClass(rawValue: className) {
        case .sessionResponse: return .sessionResponse(try body(SessionResponse.self))
        case .structuredMessage: return .structuredMessage(try body(StructuredMessage.self))
        case .presignedUrlResponse: return .presignedUrlResponse(try body(PresignedUrlResponse.self))
        case .uploadSuccessEvent: return .uploadSuccessEvent(try body(UploadSuccessEvent.self))
        case .uploadFailureEvent: return .uploadFailureEvent(try body(UploadFailureEvent.self))
        case .generateUrlError: return .generateUrlError(try body(GenerateUrlError.self))
        case .attachmentDeletedResponse: return .attachmentDeletedResponse(try body(AttachmentDeletedResponse.self))
        case .jwtResponse: return .jwtResponse(try body(JwtResponse.self))
        case .sessionExpiredEvent: return .sessionExpiredEvent(SessionExpiredEvent())
        case .sessionClearedEvent: return .sessionClearedEvent(SessionClearedEvent())
        case .connectionClosedEvent:
            let event = try container.decodeIfPresent(ConnectionClosedEvent.self, forKey: key)
            return .connectionClosedEvent(event ?? ConnectionClosedEvent())
        case .logoutEvent: return .logoutEvent(LogoutEvent())
        case .tooManyRequestsErrorMessage:
            return .tooManyRequestsErrorMessage(try body(TooManyRequestsErrorMessage.self))
        case .string: return .string(try body(String.self))
        default:
            let raw = try container.decodeIfPresent(JSONValue.self, forKey: key)
            return .unknown(className: className, body: raw ?? .null)
        }
    }

    /// Encodes the body under `key`.
    func encode(to container: inout KeyedEncodingContainer<DynamicCodingKey>, forKey key: DynamicCodingKey) throws {
        switch self {
        case .sessionResponse(let value): try container.encode(value, forKey: key)
        case .structuredMessage(let value): try container.encode(value, forKey: key)
        case .presignedUrlResponse(let value): try container.encode(value, forKey: key)
        case .uploadSuccessEvent(let value): try container.encode(value, forKey: key)
        case .uploadFailureEvent(let value): try container.encode(value, forKey: key)
        case .generateUrlError(let value): try container.encode(value, forKey: key)
        case .attachmentDeletedResponse(let value): try container.encode(value, forKey: key)
        case .jwtResponse(let value): try container.encode(value, forKey: key)
        case .sessionExpiredEvent(let value): try container.encode(value, forKey: key)
        case .sessionClearedEvent(let value): try container.encode(value, forKey: key)
        case .connectionClosedEvent(let value): try container.encode(value, forKey: key)
        case .logoutEvent(let value): try container.encode(value, forKey: key)
        case .tooManyRequestsErrorMessage(let value): try container.encode(value, forKey: key)
        case .string(let value): try container.encode(value, forKey: key)
        case .unknown(_, let raw): try container.encode(raw, forKey: key)
        }
    }
}
