import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import TestSupport

/// What the replica test shares between its gateway processes besides PostgreSQL: fresh
/// quarantine and clean buckets in moto, the quarantine bucket's ObjectCreated notifications
/// to a fresh SQS queue with a short visibility timeout, and clamd.
struct ReplicaServices {
    /// How long a received message stays hidden: a replica that dies holding it gives it back
    /// after this long.
    static let visibilityTimeoutSeconds = 8

    let motoEndpoint: String
    let clamd: String
    let clamdPort: Int
    let s3: S3Client
    let sqs: SQSClient
    let quarantine: String
    let clean: String
    let queueURL: String

    /// Whether the test should run: moto, clamd and PostgreSQL configured (always under `CI=true`,
    /// where a missing one then fails the test through ``TestEnvironment/require(_:)``), on Linux
    /// (a replica is caught mid-scan through `/proc`).
    static var available: Bool {
        ClamdStreams.isSupported && TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd)
            && TestEnvironment.isAvailable(.postgres)
    }

    /// Fresh buckets and queue in moto at `motoEndpoint` (default: `ATTACHE_TEST_MOTO_ENDPOINT`),
    /// with clamd at `clamdAddress` (default: `ATTACHE_TEST_CLAMD`); the queue hides a received
    /// message for `visibilityTimeout` seconds (default ``visibilityTimeoutSeconds``).
    static func make(
        motoEndpoint: String? = nil, clamdAddress: String? = nil, visibilityTimeout: Int = visibilityTimeoutSeconds
    ) async throws -> ReplicaServices {
        let endpoint = try motoEndpoint ?? TestEnvironment.require(.moto)
        let clamd = try clamdAddress ?? TestEnvironment.require(.clamd)
        guard let clamdURL = URLComponents(string: clamd), clamdURL.scheme == "tcp", let clamdPort = clamdURL.port
        else {
            throw ReplicaTestError("the replica test needs clamd at tcp://HOST:PORT, not \(clamd)")
        }
        let credentials = StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing")
        let s3 = S3Client(
            httpClient: .shared, credentials: credentials, configuration: .init(region: "us-east-1", endpoint: endpoint)
        )
        let sqs = SQSClient(
            httpClient: .shared, credentials: credentials, configuration: .init(region: "us-east-1", endpoint: endpoint)
        )
        let quarantine = TestEnvironment.uniqueName("attache-rq")
        let clean = TestEnvironment.uniqueName("attache-rc")
        try await s3.createBucket(quarantine)
        try await s3.createBucket(clean)
        let queueURL = try await sqs.createQueue(
            name: TestEnvironment.uniqueName("attache-replica-events"),
            attributes: ["VisibilityTimeout": "\(visibilityTimeout)"])
        let arn = try await sqs.queueARN(queueURL: queueURL)
        try await s3.putBucketNotificationConfiguration(
            quarantine, queues: [S3QueueConfiguration(queueARN: arn, events: ["s3:ObjectCreated:*"])])
        return ReplicaServices(
            motoEndpoint: endpoint, clamd: clamd, clamdPort: clamdPort, s3: s3, sqs: sqs, quarantine: quarantine,
            clean: clean, queueURL: queueURL)
    }

    /// The gateway settings for S3, SQS and clamd (the gateway's production mode).
    var gatewaySettings: [String: String] {
        [
            "ATTACHE_STORE": "s3",
            "ATTACHE_QUARANTINE_BUCKET": quarantine,
            "ATTACHE_CLEAN_BUCKET": clean,
            "ATTACHE_QUEUE_URL": queueURL,
            "ATTACHE_CLAMD": clamd,
            "AWS_ENDPOINT_URL": motoEndpoint,
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        ]
    }

    /// Every key in `bucket`, with repetitions as listed.
    func keys(in bucket: String) async throws -> [String] {
        var keys: [String] = []
        for try await page in s3.listObjectsV2Pages(bucket: bucket) {
            keys += page.objects.map(\.key)
        }
        return keys
    }

    /// The queue's visible and in-flight message counts.
    func queueDepth() async throws -> (visible: Int, inFlight: Int) {
        let attributes = try await sqs.getQueueAttributes(
            queueURL: queueURL,
            names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return (
            Int(attributes["ApproximateNumberOfMessages"] ?? "") ?? -1,
            Int(attributes["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? -1
        )
    }
}
