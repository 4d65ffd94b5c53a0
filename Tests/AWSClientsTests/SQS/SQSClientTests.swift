import AWSClients
import Foundation
import TestSupport
import Testing

@Suite("SQS against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct SQSClientTests {
    @Test("Send, receive, change visibility, receive again and delete in a batch")
    func roundTrip() async throws {
        let sqs = try Moto.sqs()
        let name = TestEnvironment.uniqueName("jobs")
        let queueURL = try await sqs.createQueue(name: name, attributes: ["VisibilityTimeout": "30"])
        #expect(try await sqs.getQueueURL(name: name) == queueURL)
        #expect(try await sqs.queueARN(queueURL: queueURL).hasSuffix(":\(name)"))

        let before = Date().addingTimeInterval(-5)
        let id = try await sqs.sendMessage(
            queueURL: queueURL, body: "{\"file\":\"é 1\"}", attributes: ["kind": "test"]
        )
        #expect(!id.isEmpty)

        let first = try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitTime: .seconds(2))
        let message = try #require(first.first)
        #expect(first.count == 1)
        #expect(message.body == "{\"file\":\"é 1\"}")
        #expect(message.messageID == id)
        #expect(message.approximateReceiveCount == 1)
        #expect((message.sentTimestamp ?? .distantPast) > before)
        #expect(message.messageAttributes["kind"] == "test")

        // Hidden while in flight…
        #expect(try await sqs.receiveMessages(queueURL: queueURL, waitTime: .zero).isEmpty)
        // …visible again at once after ChangeMessageVisibility(0).
        try await sqs.changeMessageVisibility(queueURL: queueURL, receiptHandle: message.receiptHandle, timeout: .zero)
        let second = try #require(
            try await sqs.receiveMessages(queueURL: queueURL, waitTime: .seconds(2), visibilityTimeout: .seconds(60))
                .first
        )
        #expect(second.messageID == id)
        #expect(second.approximateReceiveCount == 2)

        let result = try await sqs.deleteMessageBatch(
            queueURL: queueURL, entries: [(id: "one", receiptHandle: second.receiptHandle)]
        )
        #expect(result.successful == ["one"])
        #expect(result.failed.isEmpty)
        #expect(try await sqs.receiveMessages(queueURL: queueURL, waitTime: .seconds(1)).isEmpty)
    }

    @Test("A missing queue is a typed QueueDoesNotExist")
    func missingQueue() async throws {
        let sqs = try Moto.sqs()
        await #expect {
            _ = try await sqs.getQueueURL(name: TestEnvironment.uniqueName("absent"))
        } throws: { error in
            guard let error = error as? SQSError else { return false }
            return error.code == .queueDoesNotExist && error.status == 400 && error.operation == "SQS.GetQueueUrl"
        }
    }
}
