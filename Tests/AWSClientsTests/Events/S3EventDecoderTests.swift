import Foundation
import Testing

@testable import AWSClients

@Suite("S3 event notification decoding")
struct S3EventDecoderTests {
    /// AWS's documented shape (event message structure, version 2.1).
    static let awsEvent = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",\
        "eventTime":"2026-11-25T22:00:00.123Z","eventName":"ObjectCreated:Put",\
        "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"203.0.113.5"},\
        "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG"},\
        "s3":{"s3SchemaVersion":"1.0","configurationId":"quarantine-created","bucket":{"name":"acme-quarantine",\
        "ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::acme-quarantine"},\
        "object":{"key":"uploads/f+1%C3%A9+%2B+~x.pdf","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e",\
        "versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}]}
        """

    /// moto's shape: no `Z`, microseconds, `/` encoded as `%2F`, no sequencer or versionId.
    static let motoEvent = """
        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", \
        "eventTime": "2026-11-25T22:00:00.123456", "eventName": "ObjectCreated:CompleteMultipartUpload", \
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "cfg", "bucket": {"name": "q-1", \
        "arn": "arn:aws:s3:::q-1"}, "object": {"key": "uploads%2Fa+b%2Bc.txt", "size": 21, \
        "eTag": "5eb63bbbe01eeed093cb22bb8f5acdc3"}}}]}
        """

    /// The start of a one-record message, for the garbage table.
    static let record = "{\"Records\":[{\"eventName\":\"x\","

    @Test("AWS's real event decodes, with the key form-decoded")
    func awsShape() throws {
        guard case .records(let records) = try S3EventDecoder.decode(Self.awsEvent) else {
            Issue.record("expected records")
            return
        }
        let record = try #require(records.first)
        #expect(record.eventName == "ObjectCreated:Put")
        #expect(record.isObjectCreated && !record.isObjectRemoved)
        #expect(record.bucket == "acme-quarantine")
        #expect(record.key == "uploads/f 1é + ~x.pdf")
        #expect(record.size == 1024)
        #expect(record.eTag == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(record.sequencer == "0055AED6DCD90281E5")
        #expect(record.versionID == "096fKKXTRTtl3on89fVO.nfljtsv6qko")
        #expect(record.awsRegion == "eu-west-1")
        #expect(record.configurationID == "quarantine-created")
        let time = try #require(record.eventTime)
        #expect(abs(time.timeIntervalSince1970 - 1_795_644_000.123) < 0.000_01)
    }

    @Test("moto's event decodes: %2F, no Z, no sequencer")
    func motoShape() throws {
        guard case .records(let records) = try S3EventDecoder.decode(Data(Self.motoEvent.utf8)) else {
            Issue.record("expected records")
            return
        }
        let record = try #require(records.first)
        #expect(record.key == "uploads/a b+c.txt")
        #expect(record.eventName == "ObjectCreated:CompleteMultipartUpload")
        #expect(record.sequencer == nil)
        #expect(record.versionID == nil)
        let time = try #require(record.eventTime)
        #expect(abs(time.timeIntervalSince1970 - 1_795_644_000.123456) < 0.000_01)
    }

    @Test("The s3:TestEvent message is its own case")
    func testEvent() throws {
        let body = """
            {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T15:57:02.089Z",\
            "Bucket":"acme-quarantine","RequestId":"5582815E1AEA5ADF",\
            "HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+"}
            """
        #expect(
            try S3EventDecoder.decode(body)
                == .testEvent(
                    S3TestEvent(
                        bucket: "acme-quarantine", time: "2026-11-25T15:57:02.089Z", requestID: "5582815E1AEA5ADF"))
        )
    }

    @Test("Removal events have no size or ETag, and several records decode in order")
    func removalAndSeveral() throws {
        let body = """
            {"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"a"}}},\
            {"eventName":"s3:ObjectCreated:Copy","s3":{"bucket":{"name":"b"},"object":{"key":"b","size":0}}}]}
            """
        guard case .records(let records) = try S3EventDecoder.decode(body) else {
            Issue.record("expected records")
            return
        }
        #expect(records.map(\.eventName) == ["ObjectRemoved:Delete", "ObjectCreated:Copy"])
        #expect(records[0].isObjectRemoved)
        #expect(records[0].size == nil && records[0].eTag == nil)
        #expect(records[1].size == 0)
    }

    @Test(
        "Garbage is a typed error, never a crash",
        arguments: [
            ("", S3EventDecodingError.Code.notJSON),
            ("not json", .notJSON),
            ("[1,2]", .notJSON),
            ("{\"Type\":\"Notification\",\"Message\":\"{}\"}", .notAnS3Event),
            ("{\"Records\":{}}", .notAnS3Event),
            ("{\"Records\":[1]}", .invalidRecord),
            ("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}", .invalidRecord),
            (
                S3EventDecoderTests.record + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}]}",
                .invalidRecord
            ),
            (
                S3EventDecoderTests.record + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"%FF\"}}}]}",
                .invalidKeyEncoding
            ),
            (
                S3EventDecoderTests.record
                    + "\"eventTime\":\"yesterday\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}",
                .invalidRecord
            ),
            (
                S3EventDecoderTests.record
                    + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":\"big\"}}}]}",
                .invalidRecord
            ),
            (
                S3EventDecoderTests.record
                    + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":-1}}}]}",
                .invalidRecord
            ),
        ]
    )
    func garbage(body: String, code: S3EventDecodingError.Code) {
        #expect {
            _ = try S3EventDecoder.decode(body)
        } throws: { error in
            (error as? S3EventDecodingError)?.code == code
        }
    }
}
