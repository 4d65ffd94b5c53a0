/// One dependency the gateway reports on at `/healthz`: the object store, the queue, the
/// scanner, the database.
///
/// A check returns a ``HealthCheck/Outcome`` (`ok` or `degraded`, with a short detail) or throws;
/// a thrown error or a timeout is reported as `fail`.
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
    /// Performs the check.
    public let run: @Sendable () async throws -> Outcome

    /// Creates a check.
    public init(name: String, run: @escaping @Sendable () async throws -> Outcome) {
        self.name = name
        self.run = run
    }
}
