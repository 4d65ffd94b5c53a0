import Crypto
import Foundation
import Logging

/// The upload pipeline assembled from the configuration: state store, object store, event
/// source, scanner, upload service, guest registry and scan worker.
///
/// Development (`ATTACHE_STORE=local:…`): the embedded store signs and serves its own URLs and
/// announces uploads on an in-process queue. Production (`ATTACHE_STORE=s3`): S3's quarantine
/// bucket, events from SQS, clamd.
public struct GatewayPipeline: Sendable {
    /// Uploads, guests, scan results, the audit log, bindings and recovery claims: a
    /// ``GRDBUploadStateStore`` or, for a PostgreSQL database, a ``PostgresUploadStateStore``.
    public let state: any GatewayStateStore
    /// Where files live.
    public let objects: any ObjectStore
    /// The embedded store, whose signed URLs the gateway serves (development only).
    public let localStore: LocalObjectStore?
    /// Upload tickets and their life cycle.
    public let uploads: UploadService
    /// Guest registration and credentials.
    public let guests: GuestRegistry
    /// Scans and promotes uploaded objects; runs in the server's service group.
    public let worker: ScanWorker
    /// Agents' just-in-time access to conversation files (replaceable, e.g. with a test clock).
    public var access: FileAccessService
    /// Checks the Data Action shared secret (warns at start-up when none is configured).
    public let dataActionAuthenticator: DataActionAuthenticator
    /// The Genesys Cloud platform API (the sandbox in dev), when `ATTACHE_GENESYS_URL` and the
    /// OAuth client id and secret are set.
    public let genesys: (any GenesysPlatform)?
    /// Posts a notice for clean files their guest never announced; runs next to the scan
    /// worker when ``genesys`` is configured.
    public let recovery: AbandonedUploadRecovery?
    /// Deletes files whose retention period ran out (`ATTACHE_RETENTION_*`); runs next to the
    /// scan worker.
    public let retention: RetentionSweeper
    /// Seals new audit entries into the tamper-evident hash chain (`ATTACHE_AUDIT_SEAL_SECONDS`);
    /// runs next to the scan worker.
    public let auditSealer: AuditSealer?
    /// The process's Prometheus metrics (`GET /metrics`), fed by the routes, the state store,
    /// the scan worker and the access service.
    public let metrics: GatewayMetrics
    /// How long one upload-state event stream lasts (`ATTACHE_EVENT_STREAM_SECONDS`).
    public let eventStreamLifetime: Duration

    /// Builds the pipeline.
    /// - Throws: ``GatewayPipelineError`` when a production dependency is missing, or the
    ///   underlying store error when the state or object store cannot be opened.
    public init(runtime: GatewayRuntime, logger: Logger, metrics: GatewayMetrics = GatewayMetrics()) throws {
        let configuration = runtime.configuration
        self.metrics = metrics
        eventStreamLifetime = .seconds(configuration.eventStreamSeconds)
        let secret =
            configuration.signingSecret.map { Array(SHA256.hash(data: Data($0.utf8))) }
            ?? (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        if configuration.signingSecret == nil {
            logger.notice("No ATTACHE_SIGNING_SECRET: guest credentials and signed URLs last until restart")
        }
        let base: any GatewayStateStore =
            if let postgres = runtime.database.postgres {
                PostgresUploadStateStore(database: postgres)
            } else {
                try GRDBUploadStateStore(database: runtime.database)
            }
        state = base
        let broadcaster = UploadStateBroadcaster()
        let notifying = ObservedUploadStateStore(base: base, observers: [broadcaster, metrics])
        let events: any ObjectEventSource
        switch configuration.store {
        case .local(let path):
            guard configuration.publicURL != nil || configuration.port != 0 else {
                throw GatewayPipelineError(
                    "ATTACHE_PORT=0 picks the port only once the server listens, but the embedded store signs "
                        + "its upload and download URLs with the gateway's address before that: set ATTACHE_PUBLIC_URL, "
                        + "or a fixed ATTACHE_PORT")
            }
            let queue = LocalEventQueue()
            let store = try LocalObjectStore(
                root: URL(fileURLWithPath: path, isDirectory: true),
                publicBaseURL: configuration.baseURL(),
                secret: secret,
                events: queue
            )
            localStore = store
            objects = store
            events = queue
        case .s3:
            guard let aws = runtime.aws, let quarantine = configuration.quarantineBucket,
                let clean = configuration.cleanBucket, let queueURL = configuration.queueURL
            else {
                throw GatewayPipelineError(
                    "ATTACHE_STORE=s3 needs both buckets and ATTACHE_QUEUE_URL (the quarantine bucket's event queue)")
            }
            guard runtime.clamd != nil else {
                throw GatewayPipelineError(
                    "ATTACHE_STORE=s3 is production: set ATTACHE_CLAMD; the built-in scanner is not an antivirus")
            }
            localStore = nil
            objects = S3ObjectStore(client: aws.s3, quarantineBucket: quarantine, cleanBucket: clean)
            events = SQSEventSource(sqs: aws.sqs, queueURL: queueURL)
        }
        let scanner: any FileScanner
        if let clamd = runtime.clamd {
            scanner = ClamdScanner(client: clamd)
        } else {
            scanner = PolicyScanner()
        }
        uploads = UploadService(
            objects: objects, state: notifying, policy: configuration.uploadPolicy, broadcaster: broadcaster,
            logger: logger)
        guests = GuestRegistry(store: base, signer: GuestCredentialSigner(secret: Data(secret)))
        worker = ScanWorker(
            events: events, store: objects, state: notifying, scanner: scanner,
            configuration: ScanWorker.Configuration(staleScanAfter: .seconds(configuration.staleScanSeconds)),
            logger: logger, metrics: metrics)
        genesys = GenesysPlatformClient.fromConfiguration(configuration, httpClient: runtime.aws?.httpClient)
        recovery = genesys.map { genesys in
            AbandonedUploadRecovery(store: base, genesys: genesys, configuration: configuration.recovery)
        }
        let orphans = (objects as? any MultipartUploadListing).map {
            OrphanedMultipartSweep(
                objects: $0, state: notifying, abandonAfter: configuration.retention.multipartAbandonAfter)
        }
        retention = RetentionSweeper(
            store: notifying, objects: objects, configuration: configuration.retention, orphans: orphans,
            logger: logger)
        auditSealer = AuditSealer(state: base, configuration: configuration.audit, logger: logger)
        access = FileAccessService(
            state: base, objects: objects, genesys: genesys,
            linkLifetime: .seconds(configuration.linkTTLSeconds), logger: logger, metrics: metrics,
            listingCacheLifetime: configuration.access.listingCacheLifetime)
        dataActionAuthenticator = DataActionAuthenticator(secret: configuration.dataActionSecret, logger: logger)
    }
}

/// What the pipeline asks of its state store: uploads, guests, scan results and the audit log,
/// conversation bindings, the atomic quota check, recovery claims and retention.
public typealias GatewayStateStore = FileAccessStateStore & UploadQuotaStore & RecoveryStore & RetentionStore

/// The pipeline cannot be built from this configuration.
public struct GatewayPipelineError: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
