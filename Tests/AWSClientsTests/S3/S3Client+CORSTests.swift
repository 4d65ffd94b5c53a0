import AWSClients
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import AWSClients

@Suite("S3 bucket CORS")
struct S3ClientCORSTests {
    /// The rule `attache doctor` asks for on the quarantine bucket.
    static let guestUploads = S3CORSRule(
        id: "attache-guest-uploads", allowedOrigins: ["https://chat.example.com"], allowedMethods: ["PUT"],
        allowedHeaders: ["content-type", "content-md5", "x-amz-*"], exposeHeaders: ["ETag"], maxAgeSeconds: 3000)

    @Test("PutBucketCors writes S3's document, elements in the documented order")
    func document() {
        let xml = String(decoding: S3Client.corsDocument([Self.guestUploads]), as: UTF8.self)
        #expect(
            xml.hasSuffix(
                "<CORSRule><ID>attache-guest-uploads</ID><AllowedHeader>content-type</AllowedHeader>"
                    + "<AllowedHeader>content-md5</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader>"
                    + "<AllowedMethod>PUT</AllowedMethod><AllowedOrigin>https://chat.example.com</AllowedOrigin>"
                    + "<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>"
                    + "</CORSConfiguration>"))
        #expect(xml.contains(#"<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#))
    }

    @Test("GetBucketCors parses AWS's answer; a bad MaxAgeSeconds is an unexpected response")
    func parse() throws {
        let answer = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>\
            <AllowedHeader>*</AllowedHeader><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>\
            <AllowedOrigin>https://*.example.com</AllowedOrigin><ExposeHeader>ETag</ExposeHeader>\
            <MaxAgeSeconds>600</MaxAgeSeconds></CORSRule><CORSRule><AllowedMethod>GET</AllowedMethod>\
            <AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>
            """
        let rules = try S3Client.corsRules(Array(answer.utf8))
        #expect(rules.count == 2)
        #expect(rules[0].allowedMethods == ["PUT", "GET"])
        #expect(rules[0].maxAgeSeconds == 600)
        #expect(rules[0].allows(origin: "https://chat.example.com", method: "PUT"))
        #expect(!rules[0].allows(origin: "https://example.com", method: "PUT"))
        #expect(rules[0].allows(header: "Content-Type") && rules[0].exposes("etag"))
        #expect(rules[1].allows(origin: "https://anything.test", method: "GET"))
        #expect(!rules[1].allows(origin: "https://anything.test", method: "PUT"))
        let bad = answer.replacingOccurrences(of: "<MaxAgeSeconds>600", with: "<MaxAgeSeconds>ten")
        #expect(throws: AWSClientError.self) { try S3Client.corsRules(Array(bad.utf8)) }
    }

    @Test(
        "Rule matching: exact origins, one wildcard, exact methods",
        arguments: [
            ("https://chat.example.com", "PUT", true), ("https://chat.example.com", "put", true),
            ("https://chat.example.com:8443", "PUT", false), ("http://chat.example.com", "PUT", false),
            ("https://chat.example.com", "DELETE", false), ("https://evil.test", "PUT", false),
        ])
    func matching(origin: String, method: String, allowed: Bool) {
        #expect(Self.guestUploads.allows(origin: origin, method: method) == allowed)
    }
}

/// moto's behaviour with a bucket CORS rule, as the browser tests meet it (moto 5.2 server).
@Suite("S3 bucket CORS against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3ClientCORSMotoTests {
    @Test("No configuration reads as no rules; put, get and delete round-trip")
    func roundTrip() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "cors")
        #expect(try await s3.getBucketCORS(bucket).isEmpty)
        try await s3.putBucketCORS(bucket, rules: [S3ClientCORSTests.guestUploads])
        let rules = try await s3.getBucketCORS(bucket)
        #expect(rules == [S3ClientCORSTests.guestUploads])
        try await s3.deleteBucketCORS(bucket)
        #expect(try await s3.getBucketCORS(bucket).isEmpty)
        try await s3.deleteBucket(bucket)
    }

    /// Status and headers of a raw request (a browser's preflight or PUT).
    func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)], body: [UInt8] = []
    ) async throws -> (status: Int, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers)
    }

    @Test("With the rule, a presigned PUT's preflight and the PUT from the allowed origin expose ETag")
    func browserUpload() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "cors-put")
        let origin = "https://chat.example.com"
        try await s3.putBucketCORS(bucket, rules: [S3ClientCORSTests.guestUploads])
        let put = try await s3.presignedPutURL(
            bucket: bucket, key: "uploads/a", expires: .seconds(300),
            attributes: S3ObjectAttributes(contentType: "text/plain"))
        let preflight = try await send(
            .OPTIONS, put.url,
            headers: [
                ("Origin", origin), ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "content-type"),
            ])
        #expect(preflight.status == 200)
        #expect(preflight.headers["Access-Control-Allow-Origin"] == [origin])
        #expect(preflight.headers["Access-Control-Expose-Headers"].joined().contains("ETag"))
        let upload = try await send(
            .PUT, put.url, headers: [("Origin", origin), ("Content-Type", "text/plain")], body: Array("hello".utf8))
        #expect(upload.status == 200)
        #expect(upload.headers["Access-Control-Allow-Origin"] == [origin])
        #expect(upload.headers["Access-Control-Expose-Headers"].joined().contains("ETag"))
        #expect(!upload.headers["ETag"].isEmpty)

        // Another origin's preflight is refused (403), though moto's blanket CORS layer still
        // adds an Access-Control-Allow-Origin header to the refusal.
        let other = try await send(
            .OPTIONS, put.url, headers: [("Origin", "https://evil.test"), ("Access-Control-Request-Method", "PUT")])
        #expect(other.status == 403)
    }
}
