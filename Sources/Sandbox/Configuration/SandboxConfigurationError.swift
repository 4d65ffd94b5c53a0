/// A sandbox configuration that cannot be read or makes no sense.
public struct SandboxConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text.
        public var rawValue: String

        /// Creates a code from its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The file could not be read.
        public static let unreadable = Code(rawValue: "SANDBOX_CONFIG_UNREADABLE")
        /// The file is not valid JSON, or a field has the wrong type.
        public static let invalidJSON = Code(rawValue: "SANDBOX_CONFIG_INVALID_JSON")
        /// A value is out of range or ids repeat.
        public static let invalid = Code(rawValue: "SANDBOX_CONFIG_INVALID")

        /// The code's text.
        public var description: String { rawValue }
    }

    /// The stable error code.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `CODE: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
