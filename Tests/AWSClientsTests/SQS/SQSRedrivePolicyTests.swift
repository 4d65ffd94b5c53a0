import AWSClients
import TestSupport
import Testing

@Suite("SQS RedrivePolicy")
struct SQSRedrivePolicyTests {
    @Test(
        "The attribute parses with the count as SQS's string or as a number",
        arguments: [
            #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:uploads-dlq","maxReceiveCount":"10"}"#,
            #"{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:uploads-dlq", "maxReceiveCount": 10}"#,
        ])
    func parse(value: String) throws {
        let policy = try SQSRedrivePolicy(attributeValue: value)
        #expect(policy.deadLetterTargetARN == "arn:aws:sqs:us-east-1:123456789012:uploads-dlq")
        #expect(policy.maxReceiveCount == 10)
        #expect(try SQSRedrivePolicy(attributeValue: policy.attributeValue) == policy)
    }

    @Test(
        "Anything else is an unexpected response",
        arguments: [
            "", "not json", "[]", #"{"maxReceiveCount":"10"}"#, #"{"deadLetterTargetArn":"","maxReceiveCount":"10"}"#,
            #"{"deadLetterTargetArn":"arn:x","maxReceiveCount":"ten"}"#,
            #"{"deadLetterTargetArn":"arn:x","maxReceiveCount":0}"#, #"{"deadLetterTargetArn":"arn:x"}"#,
        ])
    func malformed(value: String) {
        #expect(throws: AWSClientError.self) { try SQSRedrivePolicy(attributeValue: value) }
    }
}

@Suite("SQS RedrivePolicy against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct SQSRedrivePolicyMotoTests {
    @Test("A queue created with a dead-letter queue reports it in GetQueueAttributes")
    func roundTrip() async throws {
        let sqs = try Moto.sqs()
        let deadLetterURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("dlq"))
        let policy = SQSRedrivePolicy(
            deadLetterTargetARN: try await sqs.queueARN(queueURL: deadLetterURL), maxReceiveCount: 10)
        let queueURL = try await sqs.createQueue(
            name: TestEnvironment.uniqueName("events"),
            attributes: [SQSRedrivePolicy.attributeName: policy.attributeValue])
        let attributes = try await sqs.getQueueAttributes(queueURL: queueURL, names: [SQSRedrivePolicy.attributeName])
        #expect(
            try SQSRedrivePolicy(attributeValue: try #require(attributes[SQSRedrivePolicy.attributeName])) == policy)
        let bare = try await sqs.createQueue(name: TestEnvironment.uniqueName("bare"))
        #expect(try await sqs.getQueueAttributes(queueURL: bare, names: ["RedrivePolicy"])["RedrivePolicy"] == nil)
    }
}
