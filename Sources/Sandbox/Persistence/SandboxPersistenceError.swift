/// The state file cannot be read or written.
public struct SandboxPersistenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text.
        public var rawValue: String

        /// Creates a code from its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The file exists but cannot be read.
        public static let unreadable = Code(rawValue: "SANDBOX_STATE_UNREADABLE")
        /// The file is not a sandbox snapshot of a known version.
        public static let corrupt = Code(rawValue: "SANDBOX_STATE_CORRUPT")
        /// The file cannot be written.
        public static let unwritable = Code(rawValue: "SANDBOX_STATE_UNWRITABLE")

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
