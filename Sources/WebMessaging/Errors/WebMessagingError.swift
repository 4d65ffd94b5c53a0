/// A failure to decode or encode a Web Messaging protocol payload.
///
/// Messages name the coding path and the kind of problem, never the payload's values (which may
/// hold tokens or personal data).
public struct WebMessagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, e.g. `WM_INVALID_JSON`.
        public var rawValue: String

        /// Creates a code from its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The input is not well-formed JSON, or not a JSON object where one is required.
        public static let invalidJSON = Code(rawValue: "WM_INVALID_JSON")
        /// The JSON is well-formed but a required field is missing or has the wrong type.
        public static let malformedMessage = Code(rawValue: "WM_MALFORMED_MESSAGE")
        /// A value could not be encoded (for example a non-finite number in a raw JSON value).
        public static let encodingFailed = Code(rawValue: "WM_ENCODING_FAILED")

        /// The code's text.
        public var description: String { rawValue }
    }

    /// The stable error code.
    public var code: Code
    /// A human-readable explanation (no payload values).
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `CODE: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    init(decoding error: DecodingError, type: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "<root>" : String(text.prefix(200))
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(
                code: .malformedMessage,
                message: "\(type): missing field '\(key.stringValue)' at \(path(context.codingPath))"
            )
        case .typeMismatch(let expected, let context):
            self.init(
                code: .malformedMessage,
                message: "\(type): expected \(expected) at \(path(context.codingPath))"
            )
        case .valueNotFound(let expected, let context):
            self.init(
                code: .malformedMessage,
                message: "\(type): null where \(expected) is required at \(path(context.codingPath))"
            )
        case .dataCorrupted(let context):
            let code: Code = context.codingPath.isEmpty ? .invalidJSON : .malformedMessage
            self.init(code: code, message: "\(type): invalid data at \(path(context.codingPath))")
        @unknown default:
            self.init(code: .malformedMessage, message: "\(type): cannot decode")
        }
    }
}
