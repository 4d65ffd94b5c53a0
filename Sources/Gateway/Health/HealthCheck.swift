/// One dependency the gateway reports on at `/healthz`: the object store, the queue, the
/// scanner, the database.
///
/// A check returns a ``HealthCheck/Outcome`` (`ok` or `degraded`, with a short detail) or throws;
/// a thrown error or a timeout is reported as `fail`. A failing ``critical`` check fails the whole
/// report (`503`); a failing non-critical one (the scanner: uploads wait in quarantine until it
/// is back) is reported as `fail` on its own line but only degrades the report.
public struct HealthCheck: Sendable {
    /// What a check found when it did not throw.
    public enum Outcome: Sendable, Equatable {
        /// Working as configured.
        case ok(String)
        /// Working, but not fit for production (the built-in scanner, say).
        case degraded(String)
        /// Not configured in this deployment mode; nothing to check.
        case disabled(String)
    }

    /// The dependency's name in the report (`objectStore`, `queue`, `scanner`, `database`).
    public let name: String
    /// Whether the gateway cannot serve while this dependency fails (default `true`).
    public let critical: Bool
    /// Performs the check.
    public let run: @Sendable () async throws -> Outcome

    /// Creates a check.
    /// - Parameters:
    ///   - name: The dependency's name in the report.
    ///   - critical: `false` when the gateway keeps serving while the dependency fails, so its
    ///     failure degrades the report instead of failing it.
    ///   - run: Performs the check.
    public init(name: String, critical: Bool = true, run: @escaping @Sendable () async throws -> Outcome) {
        self.name = name
        self.critical = critical
        self.run = run
    }
}
