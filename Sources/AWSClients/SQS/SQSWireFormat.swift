/// The JSON shapes of the SQS operations this client uses (AWS JSON 1.0 protocol).
enum SQSWireFormat {
    struct ReceiveMessageRequest: Encodable {
        var QueueUrl: String
        var MaxNumberOfMessages: Int?
        var WaitTimeSeconds: Int?
        var VisibilityTimeout: Int?
        var AttributeNames: [String]?
        var MessageSystemAttributeNames: [String]?
        var MessageAttributeNames: [String]?
    }

    struct ReceiveMessageResponse: Decodable {
        struct Message: Decodable {
            var MessageId: String
            var ReceiptHandle: String
            var Body: String
            var MD5OfBody: String?
            var Attributes: [String: String]?
            var MessageAttributes: [String: MessageAttribute]?
        }

        struct MessageAttribute: Decodable {
            var DataType: String?
            var StringValue: String?
        }

        var Messages: [Message]?
    }

    struct DeleteMessageRequest: Encodable {
        var QueueUrl: String
        var ReceiptHandle: String
    }

    struct DeleteMessageBatchRequest: Encodable {
        struct Entry: Encodable {
            var Id: String
            var ReceiptHandle: String
        }

        var QueueUrl: String
        var Entries: [Entry]
    }

    struct BatchResponse: Decodable {
        struct Success: Decodable {
            var Id: String
        }

        struct Failure: Decodable {
            var Id: String
            var Code: String
            var Message: String?
            var SenderFault: Bool?
        }

        var Successful: [Success]?
        var Failed: [Failure]?
    }

    struct ChangeMessageVisibilityRequest: Encodable {
        var QueueUrl: String
        var ReceiptHandle: String
        var VisibilityTimeout: Int
    }

    struct SendMessageRequest: Encodable {
        struct Attribute: Encodable {
            var DataType: String
            var StringValue: String
        }

        var QueueUrl: String
        var MessageBody: String
        var DelaySeconds: Int?
        var MessageAttributes: [String: Attribute]?
    }

    struct SendMessageResponse: Decodable {
        var MessageId: String
        var MD5OfMessageBody: String?
    }

    struct GetQueueUrlRequest: Encodable {
        var QueueName: String
        var QueueOwnerAWSAccountId: String?
    }

    struct QueueUrlResponse: Decodable {
        var QueueUrl: String
    }

    struct CreateQueueRequest: Encodable {
        var QueueName: String
        var Attributes: [String: String]?
    }

    struct GetQueueAttributesRequest: Encodable {
        var QueueUrl: String
        var AttributeNames: [String]
    }

    struct GetQueueAttributesResponse: Decodable {
        var Attributes: [String: String]?
    }

    struct PurgeQueueRequest: Encodable {
        var QueueUrl: String
    }

    struct Empty: Decodable {}
}
