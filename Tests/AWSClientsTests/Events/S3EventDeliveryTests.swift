import AWSClients
import Foundation
import TestSupport
import Testing

@Suite("S3 events delivered through SQS (moto)", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3EventDeliveryTests {
    @Test("A PUT to the bucket reaches the queue as an event our decoder reads")
    func putDeliversEvent() async throws {
        let s3 = try Moto.s3()
        let sqs = try Moto.sqs()
        let bucket = try await Moto.bucket(s3, "events")
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("events"))
        let queueARN = try await sqs.queueARN(queueURL: queueURL)

        let queue = S3QueueConfiguration(id: "created", queueARN: queueARN, events: ["s3:ObjectCreated:*"])
        try await s3.putBucketNotificationConfiguration(bucket, queues: [queue])
        let configuration = try await s3.getBucketNotificationConfiguration(bucket)
        #expect(configuration.queues.map(\.queueARN) == [queueARN])
        #expect(configuration.queues.first?.events == ["s3:ObjectCreated:*"])

        let key = "uploads/a b+c/é~.pdf"
        let put = try await s3.putObject(bucket: bucket, key: key, body: .string("%PDF-1.7 test"))

        var record: S3EventRecord?
        var sawTestEvent = false
        for _ in 0..<10 where record == nil {
            for message in try await sqs.receiveMessages(queueURL: queueURL, waitTime: .seconds(2)) {
                switch try S3EventDecoder.decode(message.body) {
                case .testEvent(let event):
                    sawTestEvent = true
                    #expect(event.bucket == bucket)
                case .records(let records):
                    record = records.first { $0.key == key } ?? record
                }
                try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: message.receiptHandle)
            }
        }
        let event = try #require(record)
        #expect(sawTestEvent)
        #expect(event.isObjectCreated)
        #expect(event.bucket == bucket)
        #expect(event.size == 13)
        #expect(event.eTag == put.eTag)
        #expect(event.eventTime != nil)
    }
}
