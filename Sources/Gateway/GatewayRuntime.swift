import AWSClients
import Clamd
import Foundation
import GRDB
import Logging

/// The gateway's long-lived dependencies, opened once from the configuration.
///
/// Owns the state database (SQLite, or PostgreSQL's connection pool running from ``init`` until
/// ``close()``), the AWS clients (when S3 or SQS is configured), the clamd client
/// (when `ATTACHE_CLAMD` is set) and the health checks built from them; ``close()`` releases
/// what it opened.
public final class GatewayRuntime: Sendable {
    /// The resolved configuration.
    public let configuration: GatewayConfiguration
    /// The state database: SQLite or PostgreSQL, by `ATTACHE_DATABASE_URL`.
    public let database: StateDatabase
    /// The AWS clients, when the S3 store or an SQS queue is configured.
    public let aws: AWSServices?
    /// The clamd client, when `ATTACHE_CLAMD` is set.
    public let clamd: ClamdClient?
    /// The dependency checks `/healthz` reports on.
    public let health: HealthMonitor

    /// Opens the dependencies named by `configuration`.
    /// - Throws: ``StateDatabaseError`` when the database cannot be opened.
    public init(configuration: GatewayConfiguration, logger: Logger) throws {
        self.configuration = configuration
        let database = try StateDatabase(location: configuration.database, logger: logger)
        self.database = database
        let needsAWS = configuration.store == .s3 || configuration.queueURL != nil
        let aws = needsAWS ? AWSServices(settings: configuration.aws, logger: logger) : nil
        self.aws = aws
        let clamd = configuration.clamd.map { ClamdClient(address: $0, logger: Logger(label: "attache.clamd")) }
        self.clamd = clamd
        self.health = HealthMonitor(checks: [
            Self.objectStoreCheck(configuration, aws: aws),
            Self.queueCheck(configuration, aws: aws),
            Self.scannerCheck(clamd),
            HealthCheck(name: "database") { .ok(try await database.ping()) },
        ])
        if configuration.clamd == nil {
            logger.warning(
                "Using the built-in policy scanner: it checks types and sizes but is NOT an antivirus. Set ATTACHE_CLAMD for production."
            )
        }
    }

    /// Releases what the runtime opened (the SQLite pool, or the PostgreSQL connection pool's
    /// run task, which the runtime started and stops here).
    public func close() async throws {
        try await aws?.shutdown()
        try await database.close()
    }

    static func objectStoreCheck(_ configuration: GatewayConfiguration, aws: AWSServices?) -> HealthCheck {
        switch configuration.store {
        case .local(let path):
            return HealthCheck(name: "objectStore") { .ok(try LocalStoreProbe.check(root: path)) }
        case .s3:
            let buckets = [configuration.quarantineBucket, configuration.cleanBucket].compactMap { $0 }
            return HealthCheck(name: "objectStore") {
                guard let s3 = aws?.s3 else { return .disabled("S3 not configured") }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for bucket in buckets { group.addTask { try await s3.headBucket(bucket) } }
                    try await group.waitForAll()
                }
                return .ok("s3 \(s3.endpoint): buckets \(buckets.joined(separator: ", ")) reachable")
            }
        }
    }

    static func queueCheck(_ configuration: GatewayConfiguration, aws: AWSServices?) -> HealthCheck {
        guard let queueURL = configuration.queueURL, let sqs = aws?.sqs else {
            if configuration.store == .s3 {
                return HealthCheck(name: "queue") {
                    .degraded("no ATTACHE_QUEUE_URL: uploads to S3 are not picked up for scanning")
                }
            }
            return HealthCheck(name: "queue") {
                .disabled("no queue configured; the embedded store announces uploads in-process")
            }
        }
        // Not critical: while SQS is unreachable guests still get tickets and upload to S3 (the
        // bucket's events wait in the queue) and scans resume when it answers; a balancer
        // following /readyz must keep sending guests.
        return HealthCheck(name: "queue", critical: false) {
            let attributes = try await sqs.getQueueAttributes(
                queueURL: queueURL,
                names: ["QueueArn", "ApproximateNumberOfMessages"]
            )
            let depth = attributes["ApproximateNumberOfMessages"] ?? "?"
            return .ok("\(attributes["QueueArn"] ?? queueURL): \(depth) messages waiting")
        }
    }

    static func scannerCheck(_ clamd: ClamdClient?) -> HealthCheck {
        guard let clamd else {
            return HealthCheck(name: "scanner") {
                .degraded("built-in policy scanner: checks types and sizes, NOT an antivirus (set ATTACHE_CLAMD)")
            }
        }
        // Not critical: while clamd is down nothing is promoted (fail closed), but guests can still
        // upload; their files wait in quarantine and are scanned when it returns.
        return HealthCheck(name: "scanner", critical: false) {
            do {
                try await clamd.ping()
                return .ok("clamd at \(clamd.address): \(try await clamd.version())")
            } catch {
                throw ScannerUnavailable(
                    scanner: "clamd at \(clamd.address)",
                    reason: "\(error); nothing is promoted until it answers, uploads wait in quarantine")
            }
        }
    }
}
