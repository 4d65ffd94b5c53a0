import AWSSigning
import AsyncHTTPClient
import Testing

@testable import AWSClients

@Suite("S3 client addressing")
struct S3ClientTests {
    static func client(
        endpoint: String? = nil, addressing: S3AddressingStyle? = nil, region: String = "us-east-1"
    )
        -> S3Client
    {
        S3Client(
            httpClient: .shared,
            credentials: StaticCredentialProvider(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
            configuration: .init(region: region, endpoint: endpoint, addressing: addressing)
        )
    }

    @Test("A custom endpoint defaults to path-style; AWS defaults to virtual-hosted")
    func defaults() {
        #expect(Self.client(endpoint: "http://127.0.0.1:5000/").configuration.addressing == .path)
        #expect(Self.client().configuration.addressing == .virtualHosted)
        #expect(Self.client(region: "eu-west-1").endpoint == "https://s3.eu-west-1.amazonaws.com")
    }

    @Test(
        "Awkward keys are encoded once, keeping `/` (path-style)",
        arguments: [
            ("a b.txt", "http://127.0.0.1:5000/bkt/a%20b.txt"),
            ("a+b", "http://127.0.0.1:5000/bkt/a%2Bb"),
            ("dir/sub/x~y_z-1.pdf", "http://127.0.0.1:5000/bkt/dir/sub/x~y_z-1.pdf"),
            ("été/文件", "http://127.0.0.1:5000/bkt/%C3%A9t%C3%A9/%E6%96%87%E4%BB%B6"),
            ("100%?#&=", "http://127.0.0.1:5000/bkt/100%25%3F%23%26%3D"),
        ]
    )
    func pathStyle(key: String, expected: String) throws {
        #expect(try Self.client(endpoint: "http://127.0.0.1:5000").url(bucket: "bkt", key: key) == expected)
    }

    @Test("Virtual-hosted URLs put the bucket in the host, except for names that are not DNS labels")
    func virtualHosted() throws {
        let client = Self.client(region: "eu-west-1")
        #expect(try client.url(bucket: "bkt", key: "a b") == "https://bkt.s3.eu-west-1.amazonaws.com/a%20b")
        #expect(try client.url(bucket: "bkt") == "https://bkt.s3.eu-west-1.amazonaws.com/")
        #expect(try client.url(bucket: "my.bucket", key: "k") == "https://s3.eu-west-1.amazonaws.com/my.bucket/k")
    }

    @Test("Query parameters are encoded, empty values written as `name=`")
    func query() throws {
        let url = try Self.client(endpoint: "http://h:1").url(
            bucket: "b", key: "k", query: [("uploadId", "a/b+c="), ("tagging", "")]
        )
        #expect(url == "http://h:1/b/k?uploadId=a%2Fb%2Bc%3D&tagging=")
    }

    @Test("An empty bucket or key is an invalid request")
    func invalid() {
        let client = Self.client(endpoint: "http://h:1")
        #expect(throws: AWSClientError.self) { try client.url(bucket: "", key: "k") }
        #expect(throws: AWSClientError.self) { try client.url(bucket: "b", key: "") }
        #expect(throws: AWSClientError.self) { try client.url(bucket: "a/b") }
        #expect(throws: AWSClientError.self) { try Self.client(endpoint: "ftp://h").url(bucket: "b") }
        #expect(throws: AWSClientError.self) { try Self.client(endpoint: "127.0.0.1:5000").url(bucket: "b") }
        #expect(throws: AWSClientError.self) { try Self.client(endpoint: "http://h/base").url(bucket: "b") }
    }

    @Test("The copy source encodes bucket and key, keeping `/` in the key")
    func copySource() {
        #expect(S3Client.copySource(bucket: "q", key: "dir/a b+é") == "/q/dir/a%20b%2B%C3%A9")
    }
}
