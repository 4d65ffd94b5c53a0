import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import AWSClients

@Suite("SQS JSON errors and responses")
struct SQSErrorDecodingTests {
    func decode(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> any Error {
        SQSErrorDecoding.decode(status: status, headers: headers, body: ByteBuffer(string: body), operation: "SQS.X")
    }

    @Test(
        "__type with or without a namespace gives the code",
        arguments: [
            (
                "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\","
                    + "\"message\":\"The specified queue does not exist.\"}",
                "QueueDoesNotExist", "The specified queue does not exist."
            ),
            (
                "{\"__type\":\"ReceiptHandleIsInvalid\",\"Message\":\"bad handle\"}", "ReceiptHandleIsInvalid",
                "bad handle"
            ),
            ("{\"__type\":\"NewCode\"}", "NewCode", "SQS reported NewCode"),
        ]
    )
    func codes(body: String, code: String, message: String) throws {
        let error = try #require(decode(400, body, headers: ["x-amzn-RequestId": "rid"]) as? SQSError)
        #expect(error.code.rawValue == code)
        #expect(error.message == message)
        #expect(error.requestID == "rid")
        #expect(error.status == 400)
        #expect(error.operation == "SQS.X")
    }

    @Test("Throttling with 400 is retried; other 400s are not")
    func throttling() throws {
        let throttled = decode(400, "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"slow\"}")
        #expect(AWSTransport.classify(throttled).isRetryable)
        #expect(!AWSTransport.classify(decode(400, "{\"__type\":\"InvalidParameterValue\"}")).isRetryable)
    }

    @Test("Non-JSON, truncated and non-UTF-8 error bodies are typed and keep the status")
    func garbage() throws {
        let html = try #require(decode(503, "<html>Service Unavailable</html>") as? AWSClientError)
        #expect(html.code == .malformedResponse && html.status == 503)
        #expect(AWSTransport.classify(html).isRetryable)
        let truncated = try #require(decode(500, "{\"__type\":\"Intern") as? AWSClientError)
        #expect(truncated.code == .malformedResponse)
        let bytes = ByteBuffer(bytes: [0x7B, 0xFF, 0x7D])
        let nonUTF8 = try #require(
            SQSErrorDecoding.decode(status: 400, headers: [:], body: bytes, operation: "SQS.X") as? AWSClientError
        )
        #expect(nonUTF8.code == .nonUTF8Response)
        let empty = try #require(decode(500, "") as? SQSError)
        #expect(empty.code == .internalError)
    }

    @Test("A ReceiveMessage response decodes with attributes; an empty body decodes as {}")
    func receiveResponse() throws {
        let json = """
            {"Messages":[{"MessageId":"m1","ReceiptHandle":"r1","MD5OfBody":"x","Body":"{}",\
            "Attributes":{"ApproximateReceiveCount":"2","SentTimestamp":"1795644000123"},\
            "MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}}]}
            """
        let response = AWSTransport.CollectedResponse(status: 200, headers: [:], body: ByteBuffer(string: json))
        let decoded = try SQSClient.decode(SQSWireFormat.ReceiveMessageResponse.self, from: response, operation: "o")
        #expect(decoded.Messages?.first?.Attributes?["ApproximateReceiveCount"] == "2")
        let message = SQSMessage(
            messageID: "m1", receiptHandle: "r1", body: "{}", attributes: decoded.Messages?.first?.Attributes ?? [:]
        )
        #expect(message.approximateReceiveCount == 2)
        #expect(message.sentTimestamp?.timeIntervalSince1970 == 1_795_644_000.123)
        let empty = AWSTransport.CollectedResponse(status: 200, headers: [:], body: ByteBuffer())
        #expect(
            try SQSClient.decode(SQSWireFormat.ReceiveMessageResponse.self, from: empty, operation: "o").Messages == nil
        )
        let bad = AWSTransport.CollectedResponse(status: 200, headers: [:], body: ByteBuffer(string: "{\"Messages\":"))
        #expect(throws: AWSClientError.self) {
            try SQSClient.decode(SQSWireFormat.ReceiveMessageResponse.self, from: bad, operation: "o")
        }
    }
}
