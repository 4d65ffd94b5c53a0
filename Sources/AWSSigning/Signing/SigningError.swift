/// Why a request could not be signed.
///
/// Messages never contain secrets, signatures or query strings (which may carry tokens).
public struct SigningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable text, e.g. `signing.expiry-out-of-range`.
        public let rawValue: String

        /// A presigned URL's expiry is outside 1 s … 604800 s (7 days).
        public static let expiryOutOfRange = Code(rawValue: "signing.expiry-out-of-range")
        /// The URL has no host.
        public static let missingHost = Code(rawValue: "signing.missing-host")
        /// The URL cannot be taken apart (no scheme, a bad port, …).
        public static let invalidURL = Code(rawValue: "signing.invalid-url")
        /// The access key ID or the secret access key is empty.
        public static let emptyCredentials = Code(rawValue: "signing.empty-credentials")
        /// A payload hash is not 64 lowercase hexadecimal digits.
        public static let invalidPayloadHash = Code(rawValue: "signing.invalid-payload-hash")
        /// The region or service name is empty.
        public static let invalidScope = Code(rawValue: "signing.invalid-scope")

        /// The code's text.
        public var description: String { rawValue }
    }

    /// The smallest expiry of a presigned URL, in seconds.
    public static let minimumExpiry = 1
    /// The largest expiry of a presigned URL, in seconds (7 days).
    public static let maximumExpiry = 604_800

    /// The stable error code.
    public let code: Code
    /// A human-readable explanation with what to do about it.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the stable code.
    ///   - message: what went wrong and how to fix it.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    static func expiryOutOfRange(_ expires: Int) -> SigningError {
        SigningError(
            code: .expiryOutOfRange,
            message: "presigned URL expiry \(expires) s is out of range; use \(minimumExpiry) s … "
                + "\(maximumExpiry) s (7 days)"
        )
    }

    static func missingHost(_ redactedURL: String) -> SigningError {
        SigningError(
            code: .missingHost,
            message: "URL '\(redactedURL)' has no host; pass an absolute URL such as "
                + "https://bucket.s3.amazonaws.com/key"
        )
    }

    static func invalidURL(_ redactedURL: String, reason: String) -> SigningError {
        SigningError(code: .invalidURL, message: "URL '\(redactedURL)' cannot be signed: \(reason)")
    }

    static let emptyCredentials = SigningError(
        code: .emptyCredentials,
        message: "the access key ID or secret access key is empty; check the credential provider "
            + "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, the profile, or the container/instance role)"
    )

    static let invalidPayloadHash = SigningError(
        code: .invalidPayloadHash,
        message: "payload hash must be the SHA-256 of the body as 64 lowercase hexadecimal digits"
    )

    static let invalidScope = SigningError(
        code: .invalidScope,
        message: "region and service must be non-empty (e.g. region 'us-east-1', service 's3')"
    )
}
