import Testing

@testable import AWSSigning

@Suite("AWS URI encoding")
struct AWSURIEncodingTests {
    @Test(
        "Keys are encoded with RFC 3986's unreserved set, uppercase hex, UTF-8",
        arguments: [
            ("photo.jpg", "photo.jpg"),
            ("a b", "a%20b"),
            ("a+b", "a%2Bb"),
            ("~user_-.", "~user_-."),
            ("100%", "100%25"),
            ("é", "%C3%A9"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("😀", "%F0%9F%98%80"),
            ("a/b", "a%2Fb"),
            ("*'()!$&=,;:@", "%2A%27%28%29%21%24%26%3D%2C%3B%3A%40"),
        ])
    func encodes(raw: String, encoded: String) {
        #expect(AWSURIEncoding.encode(raw) == encoded)
    }

    @Test("S3 object paths keep slashes, including doubled ones, and encode the rest once")
    func objectPaths() {
        let path = AWSURIEncoding.s3ObjectPath(bucket: "bucket", key: "dir//a b+c~%.txt")
        #expect(path == "/bucket/dir//a%20b%2Bc~%25.txt")
        #expect(AWSURIEncoding.s3ObjectPath(key: "/leading") == "//leading")
        #expect(AWSURIEncoding.s3ObjectPath(key: "ключ") == "/%D0%BA%D0%BB%D1%8E%D1%87")
    }

    @Test("Query strings keep the given order and give nil values an empty value")
    func query() {
        #expect(AWSURIEncoding.query([("uploads", nil), ("prefix", "a b/c")]) == "uploads=&prefix=a%20b%2Fc")
    }

    @Test("Already-encoded text is kept; stray characters are encoded; hex is made uppercase")
    func normalization() {
        var output: [UInt8] = []
        AWSURIEncoding.normalizeEncoded("a%2fb c%zz%".utf8, keepSlash: false, into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "a%2Fb%20c%25zz%25")
    }
}
