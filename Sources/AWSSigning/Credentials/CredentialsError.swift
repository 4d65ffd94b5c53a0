/// Why credentials could not be obtained.
public struct CredentialsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable text, e.g. `credentials.not-found`.
        public let rawValue: String

        /// The source is not configured (e.g. the environment variables are absent).
        public static let notConfigured = Code(rawValue: "credentials.not-configured")
        /// The source is configured but lacks a key ID or secret.
        public static let incomplete = Code(rawValue: "credentials.incomplete")
        /// A credentials or config file could not be read or parsed.
        public static let invalidFile = Code(rawValue: "credentials.invalid-file")
        /// The named profile does not exist.
        public static let profileNotFound = Code(rawValue: "credentials.profile-not-found")
        /// The profile needs a feature this library does not implement (role assumption, SSO, processes).
        public static let unsupportedProfile = Code(rawValue: "credentials.unsupported-profile")
        /// A metadata endpoint answered with an error status or an unreadable body.
        public static let invalidResponse = Code(rawValue: "credentials.invalid-response")
        /// A metadata endpoint could not be reached.
        public static let unreachable = Code(rawValue: "credentials.unreachable")
        /// A configured endpoint is not allowed (e.g. a full container URI on a non-loopback http host).
        public static let invalidEndpoint = Code(rawValue: "credentials.invalid-endpoint")
        /// No provider of a chain produced credentials.
        public static let notFound = Code(rawValue: "credentials.not-found")

        /// The code's text.
        public var description: String { rawValue }
    }

    /// The stable error code.
    public let code: Code
    /// A human-readable explanation with what to do about it; never contains secrets.
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
}
