/// A failure of an ``ObjectStore`` that callers act on: the object or upload is absent, the
/// parts do not match, or the request is malformed. Transport failures of the S3 store are
/// thrown as the AWS client's own errors.
public struct ObjectStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable error code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's string, e.g. `NoSuchKey`.
        public let rawValue: String

        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The object does not exist in that area.
        public static let noSuchKey = Code(rawValue: "NoSuchKey")
        /// The multipart upload does not exist (completed, aborted or never created).
        public static let noSuchUpload = Code(rawValue: "NoSuchUpload")
        /// A listed part is missing or its ETag does not match.
        public static let invalidPart = Code(rawValue: "InvalidPart")
        /// Parts are not in ascending order, or the list is empty.
        public static let invalidPartOrder = Code(rawValue: "InvalidPartOrder")
        /// A part other than the last is smaller than the minimum part size.
        public static let entityTooSmall = Code(rawValue: "EntityTooSmall")
        /// The body is longer than the signed or allowed length (HTTP 400).
        public static let entityTooLarge = Code(rawValue: "EntityTooLarge")
        /// The body ended before the signed length (HTTP 400).
        public static let incompleteBody = Code(rawValue: "IncompleteBody")
        /// The key, part number or expiry is not acceptable.
        public static let invalidRequest = Code(rawValue: "InvalidRequest")
        /// The filesystem failed.
        public static let storageFailure = Code(rawValue: "StorageFailure")
        /// The filesystem is full (`ENOSPC`, `EDQUOT`, `EFBIG`): nothing was kept; retry once
        /// space is freed (HTTP 507).
        public static let insufficientStorage = Code(rawValue: "InsufficientStorage")

        /// The code's string.
        public var description: String { rawValue }
    }

    /// The code.
    public let code: Code
    /// What happened, for people.
    public let message: String
    /// The key concerned, when there is one.
    public let key: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: What happened.
    ///   - key: The key concerned.
    public init(_ code: Code, _ message: String, key: String? = nil) {
        self.code = code
        self.message = message
        self.key = key
    }

    /// `[Code] key: message`.
    public var description: String {
        if let key { return "[\(code)] \(key): \(message)" }
        return "[\(code)] \(message)"
    }
}
