import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport

@testable import Gateway

extension PipelineHarness {
    /// A harness on the embedded filesystem store, which announces completed PUTs on its own
    /// in-process queue (the development setup).
    static func local() throws -> PipelineHarness {
        let queue = LocalEventQueue()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attache-pipeline-\(UUID().uuidString)")
        let store = try LocalObjectStore(
            root: root,
            publicBaseURL: "http://127.0.0.1:8080",
            secret: Array("0123456789abcdef0123456789abcdef-pipeline".utf8),
            events: queue
        )
        return try PipelineHarness(
            store: store,
            events: queue,
            storeAnnounces: true,
            putObject: { key, bytes, contentType in
                _ = try await store.receiveObject(
                    key: key,
                    contentType: contentType,
                    contentLength: Int64(bytes.count),
                    body: PipelineFixtures.stream(bytes, chunk: 64 * 1024)
                )
            },
            publish: { await queue.publish($0) },
            drained: { await queue.pendingCount + queue.inFlightCount == 0 },
            finish: { await queue.finish() }
        )
    }

    /// A harness on S3 in moto: fresh quarantine and clean buckets, the quarantine bucket's
    /// ObjectCreated notifications going to a fresh SQS queue, consumed by ``SQSEventSource``
    /// (the production setup).
    static func s3() async throws -> PipelineHarness {
        let moto = try await MotoResources.make()
        let (s3, sqs, quarantine, clean, queueURL) = (moto.s3, moto.sqs, moto.quarantine, moto.clean, moto.queueURL)
        let store = S3ObjectStore(client: s3, quarantineBucket: quarantine, cleanBucket: clean)
        let source = SQSEventSource(
            sqs: sqs, queueURL: queueURL, waitTime: .seconds(1), visibilityTimeout: .seconds(30))
        return try PipelineHarness(
            store: store,
            events: source,
            storeAnnounces: true,
            putObject: { key, bytes, contentType in
                _ = try await s3.putObject(
                    bucket: quarantine,
                    key: key,
                    body: .bytes(bytes),
                    attributes: S3ObjectAttributes(contentType: contentType)
                )
            },
            publish: { event in
                let body = """
                    {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", \
                    "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "\(quarantine)"}, \
                    "object": {"key": "\(event.key)", "size": \(event.size)}}}]}
                    """
                try await sqs.sendMessage(queueURL: queueURL, body: body)
            },
            drained: {
                let attributes = try await sqs.getQueueAttributes(
                    queueURL: queueURL,
                    names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
                )
                return attributes["ApproximateNumberOfMessages"] == "0"
                    && attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
            },
            finish: {}
        )
    }
}
