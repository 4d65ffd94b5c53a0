import Foundation
import Testing

@testable import AWSSigning

/// The worked examples of the S3 SigV4 documentation ("Examples: Signature calculations"), as exact strings.
@Suite("S3 documentation examples")
struct S3DocumentationExamplesTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
    /// Fri, 24 May 2013 00:00:00 GMT.
    static let date = Date(timeIntervalSince1970: 1_369_353_600)
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    struct Example: Sendable, CustomStringConvertible {
        let description: String
        let method: String
        let url: String
        let headers: [SigV4Signer.Header]
        let payload: SigV4Payload
        let canonicalRequest: String
        let stringToSignHash: String
        let signature: String
    }

    static let examples: [Example] = [
        Example(
            description: "GET Object with a range",
            method: "GET",
            url: "https://examplebucket.s3.amazonaws.com/test.txt",
            headers: [("Range", "bytes=0-9")],
            payload: .empty,
            canonicalRequest: """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:\(emptyHash)
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                \(emptyHash)
                """,
            stringToSignHash: "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        ),
        Example(
            description: "PUT Object",
            method: "PUT",
            url: "https://examplebucket.s3.amazonaws.com/" + AWSURIEncoding.encode("test$file.text"),
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payload: .bytes(Array("Welcome to Amazon S3.".utf8)),
            canonicalRequest: """
                PUT
                /test%24file.text

                date:Fri, 24 May 2013 00:00:00 GMT
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                x-amz-date:20130524T000000Z
                x-amz-storage-class:REDUCED_REDUNDANCY

                date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
                44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                """,
            stringToSignHash: "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
        ),
        Example(
            description: "GET Bucket lifecycle",
            method: "GET",
            url: "https://examplebucket.s3.amazonaws.com/?lifecycle",
            headers: [],
            payload: .empty,
            canonicalRequest: """
                GET
                /
                lifecycle=
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:\(emptyHash)
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                \(emptyHash)
                """,
            stringToSignHash: "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"
        ),
        Example(
            description: "GET Bucket (list objects)",
            method: "GET",
            url: "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
            headers: [],
            payload: .hash(emptyHash),
            canonicalRequest: """
                GET
                /
                max-keys=2&prefix=J
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:\(emptyHash)
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                \(emptyHash)
                """,
            stringToSignHash: "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        ),
    ]

    @Test(
        "Header signing reproduces each documented canonical request, string to sign and signature",
        arguments: examples)
    func headerExample(_ example: Example) throws {
        let (headers, stages) = try Self.signer.headerSigning(
            method: example.method,
            urlString: example.url,
            headers: example.headers,
            payload: example.payload,
            date: Self.date
        )
        #expect(stages.canonicalRequest == example.canonicalRequest)
        #expect(
            stages.stringToSign
                == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\(example.stringToSignHash)"
        )
        #expect(stages.signature == example.signature)
        let authorization = headers.last { $0.name == "authorization" }?.value
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=\(stages.signedHeaders), Signature=\(example.signature)"
        )
    }

    @Test("The public API sends host, x-amz-date, x-amz-content-sha256 and authorization")
    func publicHeaderList() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let headers = try Self.signer.signHeaders(
            method: "GET",
            url: url,
            headers: [("Range", "bytes=0-9")],
            date: Self.date
        )
        #expect(headers.map(\.name) == ["host", "Range", "x-amz-date", "x-amz-content-sha256", "authorization"])
        let signature = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        #expect(headers.last?.value.hasSuffix(signature) == true)
    }

    @Test("The presigned GET example yields AWS's published URL and signature")
    func presignedGetExample() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let signed = try Self.signer.presign(method: "GET", url: url, expires: 86_400, date: Self.date)
        #expect(
            signed.absoluteString
                == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        )
    }
}
