import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

@testable import Gateway

@Suite("SQS event source")
struct SQSEventSourceTests {
    static func recordsBody(_ records: [(name: String, key: String, size: Int)]) -> String {
        let items = records.map { record in
            """
            {"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", \
            "eventTime": "2026-11-25T22:00:00.123456", "eventName": "\(record.name)", \
            "s3": {"s3SchemaVersion": "1.0", "configurationId": "cfg", "bucket": {"name": "q-1", \
            "arn": "arn:aws:s3:::q-1"}, "object": {"key": "\(record.key)", "size": \(record.size), \
            "eTag": "5eb63bbbe01eeed093cb22bb8f5acdc3"}}}
            """
        }
        return "{\"Records\": [\(items.joined(separator: ", "))]}"
    }

    static let testEventBody = """
        {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T15:57:02.089Z",\
        "Bucket":"q-1","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw"}
        """

    static func message(_ body: String) -> SQSMessage {
        SQSMessage(messageID: "m", receiptHandle: "r", body: body)
    }

    @Test("ObjectCreated records become events with decoded keys; test events and removals give none")
    func decoding() throws {
        let body = Self.recordsBody([
            ("ObjectCreated:Put", "uploads%2Fabc", 21),
            ("ObjectRemoved:Delete", "uploads%2Fold", 0),
            ("ObjectCreated:CompleteMultipartUpload", "uploads/def", 5),
        ])
        let events = try #require(SQSEventSource.objectEvents(in: Self.message(body)))
        #expect(events.map(\.key) == ["uploads/abc", "uploads/def"])
        #expect(events.map(\.size) == [21, 5])
        #expect(SQSEventSource.objectEvents(in: Self.message(Self.testEventBody)) == [])
        #expect(SQSEventSource.objectEvents(in: Self.message("not json")) == nil)
        #expect(SQSEventSource.objectEvents(in: Self.message("{\"Records\": 3}")) == nil)
    }

    static func sqs() throws -> SQSClient {
        SQSClient(
            httpClient: .shared,
            credentials: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            configuration: .init(region: "us-east-1", endpoint: try TestEnvironment.require(.moto))
        )
    }

    @Test(
        "moto: deliveries per record; junk deleted; a retried message comes back whole; acknowledged ones are gone",
        .enabled(if: TestEnvironment.isAvailable(.moto))
    )
    func roundTrip() async throws {
        let sqs = try Self.sqs()
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("attache-events"))
        try await sqs.sendMessage(queueURL: queueURL, body: Self.testEventBody)
        try await sqs.sendMessage(queueURL: queueURL, body: "garbage")
        try await sqs.sendMessage(
            queueURL: queueURL,
            body: Self.recordsBody([("ObjectCreated:Put", "uploads%2Fa", 1), ("ObjectCreated:Put", "uploads%2Fb", 2)])
        )
        let source = SQSEventSource(
            sqs: sqs, queueURL: queueURL, waitTime: .seconds(1), visibilityTimeout: .seconds(30))
        var iterator = source.events().makeAsyncIterator()

        let first = try #require(try await iterator.next())
        let second = try #require(try await iterator.next())
        #expect([first.event.key, second.event.key].sorted() == ["uploads/a", "uploads/b"])
        #expect(first.attempt == 1)
        try await first.acknowledge()
        try await second.retry(after: .zero)

        let again = try #require(try await iterator.next())
        let againToo = try #require(try await iterator.next())
        #expect([again.event.key, againToo.event.key].sorted() == ["uploads/a", "uploads/b"])
        #expect(again.attempt == 2)
        try await again.acknowledge()
        try await againToo.acknowledge()

        let left = try await sqs.receiveMessages(queueURL: queueURL, waitTime: .seconds(1))
        #expect(left.isEmpty)
    }

    @Test("Iteration ends when the consuming task is cancelled", .enabled(if: TestEnvironment.isAvailable(.moto)))
    func cancellation() async throws {
        let sqs = try Self.sqs()
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("attache-events"))
        let source = SQSEventSource(sqs: sqs, queueURL: queueURL, waitTime: .seconds(2))
        let task = Task {
            var iterator = source.events().makeAsyncIterator()
            return try await iterator.next()
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let started = ContinuousClock.now
        let result = try await task.value
        #expect(result == nil)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test(
        "moto: a delivery kept hidden is not delivered again past the visibility timeout; one not kept comes back",
        .enabled(if: TestEnvironment.isAvailable(.moto))
    )
    func keptHidden() async throws {
        let sqs = try Self.sqs()
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("attache-events"))
        try await sqs.sendMessage(
            queueURL: queueURL, body: Self.recordsBody([("ObjectCreated:Put", "uploads%2Fkept", 1)]))
        try await sqs.sendMessage(
            queueURL: queueURL, body: Self.recordsBody([("ObjectCreated:Put", "uploads%2Fleft", 1)]))
        let source = SQSEventSource(
            sqs: sqs, queueURL: queueURL, waitTime: .seconds(1), visibilityTimeout: .seconds(4))
        var iterator = source.events().makeAsyncIterator()
        var first: [String: ObjectEventDelivery] = [:]
        while first.count < 2, let delivery = try await iterator.next() { first[delivery.event.key] = delivery }
        let kept = try #require(first["uploads/kept"])
        try await kept.keepHidden(for: .seconds(30))

        // Past the 4 s visibility timeout: only the one not kept hidden comes back.
        try await Task.sleep(for: .seconds(6))
        let again = try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitTime: .seconds(1))
        let keys = again.compactMap { SQSEventSource.objectEvents(in: $0)?.first?.key }
        #expect(keys == ["uploads/left"])
        for message in again { try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: message.receiptHandle) }

        // Settling the kept delivery deletes it; keeping a settled one hidden does nothing.
        try await kept.acknowledge()
        try await kept.keepHidden(for: .seconds(30))
        let attributes = try await sqs.getQueueAttributes(queueURL: queueURL, names: ["All"])
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "0")
    }
}
