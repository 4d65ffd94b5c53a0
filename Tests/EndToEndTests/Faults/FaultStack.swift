import AWSClients
import AWSSigning
import AsyncHTTPClient
import Crypto
import Foundation
import Gateway
import GuestClient
import Logging
import NIOCore
import TestSupport

/// The production pipeline with a fault-injecting S3 in front of moto: fresh buckets and event
/// queue in moto, a ``CountingS3Proxy`` as the gateway's S3 endpoint (the scan worker's
/// GET/copy/tag/delete, the gateway's multipart calls and the guests' presigned PUTs all go
/// through it; SQS goes to moto directly), clamd, SQLite or PostgreSQL state.
struct FaultStack {
    let gateway: EndToEndGateway
    let proxy: CountingS3Proxy
    /// The gateway's URL.
    let baseURL: String
    /// moto's S3, bypassing the proxy: what the test checks with.
    let s3: S3Client
    let quarantineBucket: String
    let cleanBucket: String

    static var available: Bool { LiveStack.productionServicesAvailable }

    /// Where the gateway's state lives.
    enum Backend: String, Sendable, CustomStringConvertible {
        case sqlite, postgres

        /// SQLite always; PostgreSQL when the test environment has one (always under CI).
        static var available: [Backend] {
            TestEnvironment.isAvailable(.postgres) ? [.sqlite, .postgres] : [.sqlite]
        }

        var description: String { rawValue }
    }

    static let logger: Logger = {
        var logger = Logger(label: "fault-e2e")
        logger.logLevel = .critical
        return logger
    }()

    /// Starts the stack (upload URLs live `urlExpiry`), runs `body`, stops everything.
    static func with(
        backend: Backend = .sqlite, urlExpiry: Duration? = nil, _ body: (FaultStack) async throws -> Void
    ) async throws {
        guard backend == .postgres else {
            try await run(databaseURL: nil, urlExpiry: urlExpiry, body)
            return
        }
        let database = try await ReplicaDatabase.create()
        do {
            try await run(databaseURL: database.url, urlExpiry: urlExpiry, body)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    private static func run(
        databaseURL: String?, urlExpiry: Duration?, _ body: (FaultStack) async throws -> Void
    ) async throws {
        let moto = try TestEnvironment.require(.moto)
        var values = try await LiveStack.productionValues()
        guard let quarantine = values["ATTACHE_QUARANTINE_BUCKET"], let clean = values["ATTACHE_CLEAN_BUCKET"] else {
            throw LiveStackError("no buckets")
        }
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-faults-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let s3 = S3Client(
            httpClient: .shared,
            credentials: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            configuration: .init(region: "us-east-1", endpoint: moto))
        try await CountingS3Proxy.with(target: moto) { proxy in
            values["AWS_ENDPOINT_URL_S3"] = proxy.url
            values["AWS_ENDPOINT_URL_SQS"] = moto
            values.merge(
                [
                    "ATTACHE_HOST": "127.0.0.1", "ATTACHE_PORT": "\(port)",
                    "ATTACHE_PUBLIC_URL": "http://127.0.0.1:\(port)",
                    "ATTACHE_DATABASE_URL": databaseURL ?? "sqlite:\(directory.path)/state.sqlite",
                    "ATTACHE_PART_SIZE": "5MiB", "ATTACHE_LOG_LEVEL": "critical",
                ]
            ) { _, new in new }
            try await EndToEndGateway.run(
                values: values, origin: "fault-test", logger: logger,
                adjust: { configuration in
                    if let urlExpiry { configuration.uploadPolicy.urlExpiry = urlExpiry }
                }
            ) { gateway in
                // The retention sweeper's first pass runs at start-up; moto dates every multipart
                // upload 2010, so a test's own uploads start after that pass has listed them.
                let swept = await proxy.waitFor(timeout: .seconds(30)) { requests in
                    requests.contains { $0.operation == "ListMultipartUploads" && $0.outcome != .pending }
                }
                guard swept else { throw LiveStackError("the retention sweeper's first pass did not run") }
                try await body(
                    FaultStack(
                        gateway: gateway, proxy: proxy, baseURL: "http://127.0.0.1:\(gateway.port)", s3: s3,
                        quarantineBucket: quarantine, cleanBucket: clean))
            }
        }
    }

    /// A guest's uploader with quick retries (full-jitter backoff from 20 ms, 8 attempts).
    func uploader(concurrency: Int = 2) -> GatewayUploader {
        GatewayUploader(
            configuration: GatewayUploaderConfiguration(
                gatewayURL: baseURL, concurrency: concurrency,
                retry: ReconnectPolicy(base: .milliseconds(20), cap: .milliseconds(400), maxAttempts: 8),
                statusPollInterval: .milliseconds(100)),
            credentials: .guestSession(token: "fault-guest-\(UUID().uuidString)", deploymentId: "fault-tests"))
    }

    /// SHA-256 (lowercase hex) of an object as moto holds it, or `nil` when absent.
    func sha256(bucket: String, key: String) async throws -> String? {
        guard try await s3.objectExists(bucket: bucket, key: key) else { return nil }
        var hasher = SHA256()
        for try await chunk in try await s3.getObject(bucket: bucket, key: key).body {
            hasher.update(data: Array(buffer: chunk))
        }
        return Self.hex(hasher.finalize())
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 (lowercase hex) of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Writes `bytes` to a temporary file (removed by the caller).
    static func write(_ bytes: [UInt8], name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fault-\(UUID())-\(name)")
        try Data(bytes).write(to: url)
        return url
    }

    /// Waits until `condition` holds (polling every 100 ms) or `timeout` passes.
    static func eventually(
        timeout: Duration = .seconds(50), _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}
