/// A Data Action call that could not be made or was refused.
///
/// Messages never contain header values, credentials, request bodies or response bodies.
public struct DataActionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The code's text.
        public var rawValue: String

        /// Creates a code from its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The rendered request URL is not an absolute http(s) URL.
        public static let invalidURL = Code(rawValue: "DATA_ACTION_INVALID_URL")
        /// The rendered request body is not valid JSON.
        public static let invalidBody = Code(rawValue: "DATA_ACTION_INVALID_BODY")
        /// The request could not be sent or no answer came in time.
        public static let transport = Code(rawValue: "DATA_ACTION_TRANSPORT")
        /// The endpoint answered with a status outside 200–299.
        public static let httpStatus = Code(rawValue: "DATA_ACTION_HTTP_STATUS")

        /// The code's text.
        public var description: String { rawValue }
    }

    /// The stable error code.
    public var code: Code
    /// A human explanation.
    public var message: String
    /// The HTTP status, for ``Code/httpStatus``.
    public var status: Int?

    /// Creates an error.
    public init(code: Code, message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// `CODE: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
