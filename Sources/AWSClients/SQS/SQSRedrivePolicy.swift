import Foundation

/// A queue's `RedrivePolicy` attribute: where messages go after too many receives (the
/// dead-letter queue), and after how many.
///
/// SQS stores the policy as a JSON string inside the attribute map, e.g.
/// `{"deadLetterTargetArn":"arn:aws:sqs:…:uploads-dlq","maxReceiveCount":"10"}`; the count comes
/// back as a string from SQS and as a number from some servers (moto), and both are read.
public struct SQSRedrivePolicy: Sendable, Hashable {
    /// `deadLetterTargetArn`: the dead-letter queue's ARN.
    public var deadLetterTargetARN: String
    /// `maxReceiveCount`: receives after which SQS moves a message to the dead-letter queue.
    public var maxReceiveCount: Int

    /// The attribute's name in GetQueueAttributes and SetQueueAttributes.
    public static let attributeName = "RedrivePolicy"

    /// Creates a policy.
    public init(deadLetterTargetARN: String, maxReceiveCount: Int) {
        self.deadLetterTargetARN = deadLetterTargetARN
        self.maxReceiveCount = maxReceiveCount
    }

    /// Parses the attribute's value.
    /// - Throws: ``AWSClientError`` (`unexpectedResponse`) when the value is not a JSON object
    ///   with a non-empty `deadLetterTargetArn` and a positive integer `maxReceiveCount`.
    public init(attributeValue: String) throws {
        let object = try? JSONSerialization.jsonObject(with: Data(attributeValue.utf8)) as? [String: Any]
        guard let object else {
            throw AWSClientError(
                .unexpectedResponse, "RedrivePolicy is not a JSON object", operation: "SQS.GetQueueAttributes")
        }
        guard let arn = object["deadLetterTargetArn"] as? String, !arn.isEmpty else {
            throw AWSClientError(
                .unexpectedResponse, "RedrivePolicy lacks deadLetterTargetArn", operation: "SQS.GetQueueAttributes")
        }
        let count: Int? =
            switch object["maxReceiveCount"] {
            case let text as String: Int(text.trimmingCharacters(in: .whitespaces))
            case let number as NSNumber: Int(exactly: number.doubleValue)
            default: nil
            }
        guard let count, count > 0 else {
            throw AWSClientError(
                .unexpectedResponse, "RedrivePolicy's maxReceiveCount is not a positive integer",
                operation: "SQS.GetQueueAttributes")
        }
        self.init(deadLetterTargetARN: arn, maxReceiveCount: count)
    }

    /// The attribute's value, as CreateQueue and SetQueueAttributes take it.
    public var attributeValue: String {
        let arn = deadLetterTargetARN.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"deadLetterTargetArn\":\"\(arn)\",\"maxReceiveCount\":\"\(maxReceiveCount)\"}"
    }
}
