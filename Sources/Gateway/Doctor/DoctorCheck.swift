/// One check `attache doctor` runs: configuration against reality, with the fix when it fails.
public struct DoctorCheck: Sendable {
    /// What a check found.
    public enum Verdict: Sendable, Equatable {
        /// The check passed; the detail says what was seen.
        case pass(String)
        /// Works, but not as production needs (the built-in scanner in development mode).
        case warn(String, fix: String)
        /// The check failed; `fix` says what to do about it.
        case fail(String, fix: String)
        /// Not applicable to this configuration.
        case skip(String)

        /// Whether this verdict makes `attache doctor` exit non-zero.
        public var isFailure: Bool {
            if case .fail = self { return true }
            return false
        }
    }

    /// A short name shown at the start of the line.
    public let name: String
    /// Runs the check. Errors thrown are reported as failures with `fixForError`.
    public let run: @Sendable () async throws -> Verdict
    /// The fix printed when `run` throws.
    public let fixForError: String

    /// Creates a check.
    public init(name: String, fixForError: String, run: @escaping @Sendable () async throws -> Verdict) {
        self.name = name
        self.fixForError = fixForError
        self.run = run
    }
}
