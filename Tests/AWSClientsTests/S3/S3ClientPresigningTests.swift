import AWSSigning
import AsyncHTTPClient
import Foundation
import Testing

@testable import AWSClients

@Suite("S3 presigned URLs")
struct S3ClientPresigningTests {
    let client = S3ClientTests.client(endpoint: "http://127.0.0.1:5000")
    let date = Date(timeIntervalSince1970: 1_795_644_000)

    func query(_ url: String) throws -> [String: String] {
        let components = try #require(URLComponents(string: url))
        return Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 }
        )
    }

    @Test("A GET URL carries the signature and the response overrides, all signed")
    func get() async throws {
        let presigned = try await client.presignedGetURL(
            bucket: "clean",
            key: "files/a b.pdf",
            expires: .seconds(30),
            responseContentDisposition: "attachment; filename=\"a b.pdf\"",
            responseContentType: "application/pdf",
            date: date
        )
        #expect(presigned.method == "GET")
        #expect(presigned.url.hasPrefix("http://127.0.0.1:5000/clean/files/a%20b.pdf?"))
        let items = try query(presigned.url)
        #expect(items["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256")
        #expect(items["X-Amz-Credential"] == "AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request")
        #expect(items["X-Amz-Date"] == "20261125T220000Z")
        #expect(items["X-Amz-Expires"] == "30")
        #expect(items["X-Amz-SignedHeaders"] == "host")
        #expect(items["X-Amz-Signature"]?.count == 64)
        #expect(items["response-content-disposition"] == "attachment; filename=\"a b.pdf\"")
        #expect(items["response-content-type"] == "application/pdf")
        #expect(presigned.expiresAt == date.addingTimeInterval(30))
        #expect(!presigned.url.contains(" "))
    }

    @Test("A PUT URL binds content type, length and tagging into the signature")
    func put() async throws {
        let presigned = try await client.presignedPutURL(
            bucket: "quarantine",
            key: "f1",
            expires: .seconds(300),
            contentLength: 1234,
            attributes: S3ObjectAttributes(contentType: "image/png", tags: [S3Tag(key: "guest", value: "g 1")]),
            date: date
        )
        let items = try query(presigned.url)
        #expect(items["X-Amz-SignedHeaders"] == "content-length;content-type;host;x-amz-tagging")
        #expect(
            presigned.headers == [
                "content-length": "1234", "content-type": "image/png", "x-amz-tagging": "guest=g%201",
            ])
    }

    @Test("An UploadPart URL signs partNumber and uploadId")
    func uploadPart() async throws {
        let upload = S3MultipartUpload(bucket: "quarantine", key: "f1", uploadID: "2~abc/def+g=")
        let presigned = try await client.presignedUploadPartURL(
            upload, partNumber: 7, expires: .seconds(600), contentLength: 5_242_880, date: date
        )
        let items = try query(presigned.url)
        #expect(items["partNumber"] == "7")
        #expect(items["uploadId"] == "2~abc/def+g=")
        #expect(presigned.url.contains("uploadId=2~abc%2Fdef%2Bg%3D"))
        #expect(items["X-Amz-SignedHeaders"] == "content-length;host")
        #expect(presigned.method == "PUT")
    }

    @Test("Expiry outside 1 s … 7 days and bad part numbers are rejected")
    func limits() async {
        await #expect(throws: AWSClientError.self) {
            _ = try await client.presignedGetURL(bucket: "b", key: "k", expires: .zero)
        }
        await #expect(throws: AWSClientError.self) {
            _ = try await client.presignedGetURL(bucket: "b", key: "k", expires: .seconds(604_801))
        }
        await #expect(throws: AWSClientError.self) {
            _ = try await client.presignedUploadPartURL(
                S3MultipartUpload(bucket: "b", key: "k", uploadID: "u"), partNumber: 10_001, expires: .seconds(60)
            )
        }
    }

    @Test("Presigning without usable credentials is a signing failure")
    func noCredentials() async {
        let client = S3Client(
            httpClient: .shared,
            credentials: StaticCredentialProvider(accessKeyID: "", secretAccessKey: ""),
            configuration: .init(region: "us-east-1", endpoint: "http://h:1")
        )
        await #expect {
            _ = try await client.presignedGetURL(bucket: "b", key: "k", expires: .seconds(5))
        } throws: { ($0 as? AWSClientError)?.code == .signingFailed }
    }
}

@Suite("S3 presigning throughput")
struct S3PresigningThroughputTests {
    @Test("Presigning 2,000 UploadPart URLs takes well under a second per thousand")
    func throughput() async throws {
        let client = S3ClientTests.client(endpoint: "http://127.0.0.1:5000")
        let upload = S3MultipartUpload(bucket: "quarantine", key: "uploads/f1", uploadID: "u-1")
        let clock = ContinuousClock()
        let start = clock.now
        for partNumber in 1...2_000 {
            _ = try await client.presignedUploadPartURL(
                upload, partNumber: partNumber, expires: .seconds(900), contentLength: 5_242_880
            )
        }
        let elapsed = clock.now - start
        print("AWSClientsTests: 2000 presigned UploadPart URLs in \(elapsed) (debug build)")
        #expect(elapsed < .seconds(10))
    }
}
