import Clamd
import Foundation
import GRDB
import Logging

/// The gateway's long-lived dependencies, opened once from the configuration.
///
/// Owns the state database and the health checks built from the configuration; ``close()``
/// releases what it opened.
public final class GatewayRuntime: Sendable {
    /// The resolved configuration.
    public let configuration: GatewayConfiguration
    /// The state database.
    public let database: StateDatabase
    /// The dependency checks `/healthz` reports on.
    public let health: HealthMonitor
    /// The clamd client, when `ATTACHE_CLAMD` is set.
    public let clamd: ClamdClient?

    /// Opens the dependencies named by `configuration`.
    /// - Throws: ``StateDatabaseError`` when the database cannot be opened.
    public init(configuration: GatewayConfiguration, logger: Logger) throws {
        self.configuration = configuration
        let database = try StateDatabase(location: configuration.database)
        self.database = database
        let clamd = configuration.clamd.map {
            ClamdClient(address: $0, logger: Logger(label: "attache.clamd"))
        }
        self.clamd = clamd
        self.health = HealthMonitor(checks: [
            Self.objectStoreCheck(configuration),
            Self.queueCheck(configuration),
            Self.scannerCheck(clamd),
            HealthCheck(name: "database") { .ok(try await database.ping()) },
        ])
        if configuration.clamd == nil {
            logger.warning(
                "Using the built-in policy scanner: it checks types and sizes but is NOT an antivirus. Set ATTACHE_CLAMD for production."
            )
        }
    }

    /// Releases what the runtime opened.
    public func close() async throws {
        try database.pool.close()
    }

    static func objectStoreCheck(_ configuration: GatewayConfiguration) -> HealthCheck {
        switch configuration.store {
        case .local(let path):
            HealthCheck(name: "objectStore") { .ok(try LocalStoreProbe.check(root: path)) }
        case .s3:
            HealthCheck(name: "objectStore") { .degraded("S3 checks are not wired yet") }
        }
    }

    static func queueCheck(_ configuration: GatewayConfiguration) -> HealthCheck {
        HealthCheck(name: "queue") {
            .disabled("no queue configured; the embedded store announces uploads in-process")
        }
    }

    static func scannerCheck(_ clamd: ClamdClient?) -> HealthCheck {
        guard let clamd else {
            return HealthCheck(name: "scanner") {
                .degraded("built-in policy scanner: checks types and sizes, NOT an antivirus (set ATTACHE_CLAMD)")
            }
        }
        return HealthCheck(name: "scanner") {
            try await clamd.ping()
            return .ok("clamd at \(clamd.address): \(try await clamd.version())")
        }
    }
}
