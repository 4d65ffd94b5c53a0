import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import TestSupport

/// The production storage setup for the live stack: fresh quarantine and clean buckets in moto,
/// the quarantine bucket's ObjectCreated notifications to a fresh SQS queue, and clamd.
extension LiveStack {
    /// Whether moto and clamd are available (`scripts/test` starts both).
    static var productionServicesAvailable: Bool {
        TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd)
    }

    /// Creates the buckets and the queue in moto and returns the gateway settings that use them
    /// (`ATTACHE_STORE=s3` with clamd: the gateway's production mode).
    static func productionValues() async throws -> [String: String] {
        let endpoint = try TestEnvironment.require(.moto)
        let clamd = try TestEnvironment.require(.clamd)
        let credentials = StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing")
        let s3 = S3Client(
            httpClient: .shared, credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: endpoint))
        let sqs = SQSClient(
            httpClient: .shared, credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: endpoint))
        let quarantine = TestEnvironment.uniqueName("attache-e2e-q")
        let clean = TestEnvironment.uniqueName("attache-e2e-c")
        try await s3.createBucket(quarantine)
        try await s3.createBucket(clean)
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("attache-e2e-events"))
        let arn = try await sqs.queueARN(queueURL: queueURL)
        try await s3.putBucketNotificationConfiguration(
            quarantine, queues: [S3QueueConfiguration(queueARN: arn, events: ["s3:ObjectCreated:*"])])
        return [
            "ATTACHE_STORE": "s3",
            "ATTACHE_QUARANTINE_BUCKET": quarantine,
            "ATTACHE_CLEAN_BUCKET": clean,
            "ATTACHE_QUEUE_URL": queueURL,
            "ATTACHE_CLAMD": clamd,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        ]
    }
}
