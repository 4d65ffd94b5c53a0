/// Why a queue message could not be read as an S3 event notification.
public struct S3EventDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable identifier for the kind of problem.
    public enum Code: String, Sendable {
        /// The body is not a JSON object.
        case notJSON = "NotJSON"
        /// The JSON is neither `{"Records": [...]}` nor an `s3:TestEvent`.
        case notAnS3Event = "NotAnS3Event"
        /// A record lacks a required field or has it with the wrong type.
        case invalidRecord = "InvalidRecord"
        /// The object key's URL encoding does not decode to UTF-8 text.
        case invalidKeyEncoding = "InvalidKeyEncoding"
    }

    /// What went wrong.
    public let code: Code
    /// Details, naming the record index and field.
    public let message: String

    /// Creates a decoding error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `[S3Event NotJSON] message`.
    public var description: String { "[S3Event \(code.rawValue)] \(message)" }
}
