import AWSClients
import Foundation
import Logging
import TestSupport
import Testing

@testable import Gateway

/// `attache doctor` and `/healthz` against the real services: moto's S3 and SQS, and clamd.
@Suite("Doctor and health against moto and clamd")
struct DoctorIntegrationTests {
    struct Deployment {
        var configuration: GatewayConfiguration
        var runtime: GatewayRuntime
    }

    /// How much of docs/deploy-aws.md the fixtures set up.
    enum Setup {
        /// Block Public Access, SSE-KMS, the lifecycle backstop and a dead-letter queue.
        case documented
        /// Bare buckets and a bare queue.
        case bare
    }

    /// Creates two buckets and a queue in moto (set up as `setup` says), optionally wiring the
    /// quarantine bucket's events to the queue, and opens a runtime configured for them.
    func deploy(wireEvents: Bool, clamd: String?, setup: Setup = .documented) async throws -> Deployment {
        let endpoint = try TestEnvironment.require(.moto)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            TestEnvironment.uniqueName("doctor"))
        let quarantine = TestEnvironment.uniqueName("quarantine")
        let clean = TestEnvironment.uniqueName("clean")
        var environment = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "doctor-test", "AWS_SECRET_ACCESS_KEY": "doctor-test-secret",
            "ATTACHE_STORE": "s3", "ATTACHE_QUARANTINE_BUCKET": quarantine, "ATTACHE_CLEAN_BUCKET": clean,
            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite",
        ]
        if let clamd { environment["ATTACHE_CLAMD"] = clamd }
        // The runtime's own clients create the fixtures: one signer, one code path.
        let settings = try GatewayConfiguration(
            layers: ConfigurationLayers([.init(origin: "test", values: environment)]))
        let services = AWSServices(settings: settings.aws, logger: Logger(label: "test"))
        let block = S3PublicAccessBlock(
            blockPublicACLs: true, ignorePublicACLs: true, blockPublicPolicy: true, restrictPublicBuckets: true)
        let encryption = S3BucketEncryption.Rule(
            algorithm: "aws:kms", kmsMasterKeyID: "arn:aws:kms:us-east-1:123456789012:key/doctor-test",
            bucketKeyEnabled: true)
        for bucket in [quarantine, clean] {
            try await services.s3.createBucket(bucket)
            guard setup == .documented else { continue }
            try await services.s3.putPublicAccessBlock(bucket, block)
            try await services.s3.putBucketEncryption(bucket, encryption)
        }
        var queueAttributes: [String: String] = [:]
        if setup == .documented {
            try await services.s3.putBucketLifecycleConfiguration(
                quarantine, rules: LifecycleBackstop.quarantineRules(settings.retention))
            try await services.s3.putBucketLifecycleConfiguration(
                clean, rules: LifecycleBackstop.cleanRules(settings.retention))
            let deadLetterURL = try await services.sqs.createQueue(name: TestEnvironment.uniqueName("events-dlq"))
            let policy = SQSRedrivePolicy(
                deadLetterTargetARN: try await services.sqs.queueARN(queueURL: deadLetterURL), maxReceiveCount: 10)
            queueAttributes = [SQSRedrivePolicy.attributeName: policy.attributeValue, "VisibilityTimeout": "300"]
        }
        let queueURL = try await services.sqs.createQueue(
            name: TestEnvironment.uniqueName("events"), attributes: queueAttributes)
        if wireEvents {
            let arn = try await services.sqs.queueARN(queueURL: queueURL)
            try await services.s3.putBucketNotificationConfiguration(
                quarantine, queues: [S3QueueConfiguration(queueARN: arn, events: ["s3:ObjectCreated:*"])])
        }
        try await services.shutdown()
        environment["ATTACHE_QUEUE_URL"] = queueURL
        let configuration = try GatewayConfiguration(
            layers: ConfigurationLayers([.init(origin: "test", values: environment)]))
        return Deployment(
            configuration: configuration,
            runtime: try GatewayRuntime(configuration: configuration, logger: Logger(label: "test")))
    }

    @Test(
        "Every check passes for a correct production-shaped deployment",
        .enabled(if: TestEnvironment.isAvailable(.moto)))
    func allPass() async throws {
        let clamd = try TestEnvironment.require(.clamd)
        let deployment = try await deploy(wireEvents: true, clamd: clamd)
        let lines = await Doctor(checks: DoctorChecks.make(runtime: deployment.runtime)).run()
        try await deployment.runtime.close()
        for line in lines { print(Doctor.format(line)) }
        #expect(lines.allSatisfy { if case .pass = $0.verdict { true } else { false } })
        #expect(
            lines.map(\.name) == [
                "configuration", "database", "AWS credentials", "quarantine bucket", "clean bucket",
                "quarantine encryption", "clean encryption", "quarantine lifecycle", "clean lifecycle",
                "bucket → queue events", "queue", "dead-letter queue", "scanner",
            ])
        #expect(
            lines.first { $0.name == "quarantine encryption" }.map { "\($0.verdict)".contains("doctor-test") } == true)
        #expect(lines.first { $0.name == "scanner" }.map { "\($0.verdict)".contains("ClamAV") } == true)
    }

    @Test(
        "A quarantine bucket whose events go nowhere fails, with the command that fixes it",
        .enabled(if: TestEnvironment.isAvailable(.moto)))
    func missingNotification() async throws {
        let deployment = try await deploy(wireEvents: false, clamd: try TestEnvironment.require(.clamd))
        let lines = await Doctor(checks: DoctorChecks.make(runtime: deployment.runtime)).run()
        try await deployment.runtime.close()
        let events = try #require(lines.first { $0.name == "bucket → queue events" })
        guard case .fail(_, let fix) = events.verdict else {
            Issue.record("expected a failure, got \(events.verdict)")
            return
        }
        #expect(fix.contains("put-bucket-notification-configuration"))
        #expect(fix.contains(deployment.configuration.quarantineBucket ?? "?"))
    }

    @Test(
        "On bare buckets and a bare queue each new check fails (clean lifecycle warns), with the command that fixes it",
        .enabled(if: TestEnvironment.isAvailable(.moto)))
    func bare() async throws {
        let deployment = try await deploy(wireEvents: true, clamd: nil, setup: .bare)
        let lines = await Doctor(checks: DoctorChecks.make(runtime: deployment.runtime)).run()
        try await deployment.runtime.close()
        for line in lines { print(Doctor.format(line)) }
        let quarantine = deployment.configuration.quarantineBucket ?? "?"
        let clean = deployment.configuration.cleanBucket ?? "?"
        let expected: [(name: String, failure: Bool, fix: String)] = [
            ("quarantine bucket", true, "put-public-access-block --bucket \(quarantine) "),
            ("clean bucket", true, "put-public-access-block --bucket \(clean) "),
            ("quarantine encryption", true, "put-bucket-encryption --bucket \(quarantine) "),
            ("clean encryption", true, "put-bucket-encryption --bucket \(clean) "),
            ("quarantine lifecycle", true, "put-bucket-lifecycle-configuration --bucket \(quarantine) "),
            ("clean lifecycle", false, "put-bucket-lifecycle-configuration --bucket \(clean) "),
            (
                "dead-letter queue", true,
                "aws sqs set-queue-attributes --queue-url \(deployment.configuration.queueURL ?? "?") "
            ),
        ]
        for check in expected {
            let line = try #require(lines.first { $0.name == check.name }, "\(check.name) missing")
            switch line.verdict {
            case .fail(_, let fix), .warn(_, let fix):
                #expect(line.verdict.isFailure == check.failure, "\(check.name): \(line.verdict)")
                #expect(fix.contains(check.fix), "\(check.name): \(fix)")
            default:
                Issue.record("\(check.name): expected a failure or warning, got \(line.verdict)")
            }
        }
        #expect(lines.first { $0.name == "bucket → queue events" }.map { !$0.verdict.isFailure } == true)
    }

    @Test(
        "A stopped clamd and a missing bucket are failures, never passes",
        .enabled(if: TestEnvironment.isAvailable(.moto)))
    func failures() async throws {
        var deployment = try await deploy(wireEvents: true, clamd: "tcp://127.0.0.1:1")
        try await deployment.runtime.close()
        deployment.configuration.cleanBucket = TestEnvironment.uniqueName("missing")
        let runtime = try GatewayRuntime(configuration: deployment.configuration, logger: Logger(label: "test"))
        let lines = await Doctor(checks: DoctorChecks.make(runtime: runtime)).run()
        let report = await runtime.health.report()
        try await runtime.close()
        #expect(lines.first { $0.name == "scanner" }?.verdict.isFailure == true)
        #expect(lines.first { $0.name == "clean bucket" }?.verdict.isFailure == true)
        #expect(report.status == .fail)
        #expect(report.checks.first { $0.name == "scanner" }?.status == .fail)
        #expect(report.checks.first { $0.name == "objectStore" }?.status == .fail)
        #expect(report.checks.first { $0.name == "queue" }?.status == .ok)
    }

    @Test("/healthz reports S3, SQS, clamd and the database as ok", .enabled(if: TestEnvironment.isAvailable(.moto)))
    func healthOk() async throws {
        let deployment = try await deploy(wireEvents: true, clamd: try TestEnvironment.require(.clamd))
        let report = await deployment.runtime.health.report()
        try await deployment.runtime.close()
        #expect(report.status == .ok, "\(report)")
        #expect(report.checks.map(\.name) == ["objectStore", "queue", "scanner", "database"])
    }
}
