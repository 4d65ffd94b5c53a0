import NIOCore
import NIOHTTP1
import Testing

@testable import AWSClients

@Suite("S3 error responses")
struct S3ErrorDecodingTests {
    func decode(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> any Error {
        S3ErrorDecoding.decode(
            status: status,
            headers: headers,
            body: ByteBuffer(string: body),
            operation: "S3.GetObject",
            resource: "/bucket/key"
        )
    }

    @Test("AWS's NoSuchKey document becomes an S3Error with every field")
    func awsNoSuchKey() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>\
            <Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        let error = try #require(decode(404, body) as? S3Error)
        #expect(error.status == 404)
        #expect(error.code == .noSuchKey)
        #expect(error.message == "The resource you requested does not exist")
        #expect(error.resource == "/mybucket/myfoto.jpg")
        #expect(error.requestID == "4442587FB7D0A2F9")
        #expect(error.operation == "S3.GetObject")
        #expect(error.description.contains("NoSuchKey"))
        #expect(error.description.contains("4442587FB7D0A2F9"))
    }

    @Test("moto's shape (RequestID, Key) and the x-amz-request-id header are understood")
    func motoShape() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does \
            not exist.</Message><Key>missing.txt</Key><RequestID>7a62c49f</RequestID></Error>
            """
        let error = try #require(decode(404, body) as? S3Error)
        #expect(error.code == .noSuchKey)
        #expect(error.requestID == "7a62c49f")
        #expect(error.resource == "/bucket/key")

        let headerOnly = try #require(
            decode(403, "<Error><Code>AccessDenied</Code></Error>", headers: ["x-amz-request-id": "HDR1"]) as? S3Error
        )
        #expect(headerOnly.requestID == "HDR1")
        #expect(headerOnly.code == .accessDenied)
        #expect(headerOnly.message.contains("AccessDenied"))
    }

    @Test("An unknown code is kept verbatim")
    func unknownCode() throws {
        let error = try #require(
            decode(409, "<Error><Code>BrandNewThing</Code><Message>m</Message></Error>") as? S3Error)
        #expect(error.code.rawValue == "BrandNewThing")
    }

    @Test(
        "A bodiless error (HEAD) gets a code from its status",
        arguments: [
            (404, "NotFound"), (403, "Forbidden"), (400, "BadRequest"), (503, "ServiceUnavailable"), (418, "HTTP418"),
        ]
    )
    func bodiless(status: Int, code: String) throws {
        let error = try #require(decode(status, "", headers: ["x-amz-request-id": "R"]) as? S3Error)
        #expect(error.code.rawValue == code)
        #expect(error.status == status)
        #expect(error.requestID == "R")
    }

    @Test("An HTML page from a proxy is a malformed response that keeps the status")
    func htmlFromProxy() throws {
        let error = try #require(decode(502, "<html><body>Bad Gateway") as? AWSClientError)
        #expect(error.code == .truncatedResponse || error.code == .malformedResponse)
        #expect(error.status == 502)
        #expect(AWSTransport.classify(error).isRetryable)
    }

    @Test("A well-formed document that is not <Error> is an unexpected response")
    func wrongRoot() throws {
        let error = try #require(decode(500, "<Other/>") as? AWSClientError)
        #expect(error.code == .unexpectedResponse)
    }

    @Test("Truncated and non-UTF-8 error bodies are typed and keep the status")
    func truncatedAndNonUTF8() throws {
        let truncated = try #require(decode(500, "<Error><Code>Internal") as? AWSClientError)
        #expect(truncated.code == .truncatedResponse)
        #expect(truncated.status == 500)
        let bytes = ByteBuffer(bytes: [0x3C, 0x45, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x45, 0x3E])
        let decoded = S3ErrorDecoding.decode(
            status: 400, headers: [:], body: bytes, operation: "S3.PutObject", resource: nil
        )
        let nonUTF8 = try #require(decoded as? AWSClientError)
        #expect(nonUTF8.code == .nonUTF8Response)
        #expect(nonUTF8.operation == "S3.PutObject")
    }
}
