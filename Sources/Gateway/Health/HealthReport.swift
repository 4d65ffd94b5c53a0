/// The result of running every ``HealthCheck``: what `/healthz` returns.
public struct HealthReport: Sendable, Codable, Equatable {
    /// The state of one dependency, or of the whole gateway.
    public enum Status: String, Sendable, Codable, Comparable {
        case ok, disabled, degraded, fail

        var severity: Int {
            switch self {
            case .ok: 0
            case .disabled: 0
            case .degraded: 1
            case .fail: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.severity < rhs.severity }
    }

    /// One dependency's line in the report.
    public struct Entry: Sendable, Codable, Equatable {
        /// The dependency's name.
        public var name: String
        /// Its state.
        public var status: Status
        /// How long the check took, in milliseconds.
        public var latencyMs: Double
        /// What was found, or the error.
        public var detail: String
    }

    /// The worst status of any dependency (`disabled` counts as `ok`; a failing non-critical
    /// dependency, the scanner, counts as `degraded`).
    public var status: Status
    /// The gateway's version.
    public var version: String
    /// Every dependency, in the order the checks were given.
    public var checks: [Entry]

    /// Whether the gateway can serve: no critical dependency failed (`/healthz` answers `200`).
    public var isHealthy: Bool { status != .fail }
}
