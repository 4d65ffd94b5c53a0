import Crypto
import Foundation
import Testing

@testable import Gateway

@Suite("Local URL signer")
struct LocalURLSignerTests {
    static let signer = LocalURLSigner(secret: Array("a-32-byte-secret-for-the-tests!!".utf8))
    static let path = "/v1/objects/quarantine/uploads/abc"
    static let headers = ["Content-Type": "application/pdf", "Content-Length": "1234"]
    static let expiresAt = Date(timeIntervalSince1970: 2_000_000_000)
    static let now = Date(timeIntervalSince1970: 1_999_999_000)

    static func signedQuery() -> String {
        signer.signedQuery(
            method: "PUT", path: path, query: ["partNumber": "3", "uploadId": "u p/+"], headers: headers,
            expiresAt: expiresAt)
    }

    static func verify(
        method: String = "PUT",
        path: String = path,
        query: String = signedQuery(),
        headers: [String: String] = ["content-type": "application/pdf", "content-length": "1234"],
        now: Date = now
    ) throws(LocalSignatureError) -> [String: String] {
        try signer.verify(method: method, path: path, rawQuery: query, header: { headers[$0] }, now: now)
    }

    @Test("A signed request verifies and yields its decoded parameters")
    func roundTrip() throws {
        let parameters = try Self.verify()
        #expect(parameters["partNumber"] == "3")
        #expect(parameters["uploadId"] == "u p/+")
        #expect(parameters[LocalURLSigner.expiresParameter] == "2000000000")
        #expect(parameters[LocalURLSigner.signedHeadersParameter] == "content-length;content-type")
    }

    @Test("The query is RFC 3986-encoded and carries a 64-hex-digit signature")
    func queryShape() throws {
        let query = Self.signedQuery()
        #expect(query.contains("uploadId=u%20p%2F%2B"))
        let signature = try #require(query.split(separator: "&").first { $0.hasPrefix("X-Attache-Signature=") })
        #expect(signature.dropFirst("X-Attache-Signature=".count).count == 64)
    }

    @Test("The signature is HMAC-SHA256 of the documented string to sign, byte for byte")
    func documentedFormat() {
        let canonical =
            "X-Attache-Expires=2000000000&X-Attache-SignedHeaders=content-length%3Bcontent-type"
            + "&partNumber=3&uploadId=u%20p%2F%2B"
        let stringToSign =
            "ATTACHE-HMAC-SHA256\nPUT\n/v1/objects/quarantine/uploads/abc\n\(canonical)\n"
            + "content-length:1234\ncontent-type:application/pdf\n"
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign.utf8), using: SymmetricKey(data: Array("a-32-byte-secret-for-the-tests!!".utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        #expect(Self.signedQuery() == "\(canonical)&X-Attache-Signature=\(hex)")
    }

    struct Tampering: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let path: String
        let query: String
        let headers: [String: String]
        var testDescription: String { name }
    }

    static let good = ["content-type": "application/pdf", "content-length": "1234"]
    static let tamperings: [Tampering] = {
        let query = signedQuery()
        return [
            Tampering(name: "method", method: "GET", path: path, query: query, headers: good),
            Tampering(
                name: "path", method: "PUT", path: "/v1/objects/clean/uploads/abc", query: query, headers: good),
            Tampering(
                name: "part number", method: "PUT", path: path,
                query: query.replacingOccurrences(of: "partNumber=3", with: "partNumber=4"), headers: good),
            Tampering(
                name: "expiry", method: "PUT", path: path,
                query: query.replacingOccurrences(of: "Expires=2000000000", with: "Expires=2100000000"),
                headers: good),
            Tampering(
                name: "signed header list", method: "PUT", path: path,
                query: query.replacingOccurrences(
                    of: "SignedHeaders=content-length%3Bcontent-type", with: "SignedHeaders=content-type"),
                headers: good),
            Tampering(name: "added parameter", method: "PUT", path: path, query: query + "&x=1", headers: good),
            Tampering(
                name: "repeated parameter", method: "PUT", path: path, query: query + "&partNumber=3", headers: good),
            Tampering(
                name: "content type", method: "PUT", path: path, query: query,
                headers: ["content-type": "text/html", "content-length": "1234"]),
            Tampering(
                name: "content length", method: "PUT", path: path, query: query,
                headers: ["content-type": "application/pdf", "content-length": "99999"]),
            Tampering(
                name: "missing header", method: "PUT", path: path, query: query,
                headers: ["content-type": "application/pdf"]),
            Tampering(
                name: "signature", method: "PUT", path: path,
                query: String(query.dropLast()) + (query.hasSuffix("0") ? "1" : "0"), headers: good),
            Tampering(
                name: "short signature", method: "PUT", path: path, query: String(query.dropLast(2)), headers: good),
        ]
    }()

    @Test("Changing any signed part of the request breaks the signature", arguments: tamperings)
    func tampered(_ tampering: Tampering) {
        let error = #expect(throws: LocalSignatureError.self) {
            try Self.verify(
                method: tampering.method, path: tampering.path, query: tampering.query, headers: tampering.headers)
        }
        #expect(error?.code == .signatureDoesNotMatch)
    }

    @Test("An expired URL is refused with AccessDenied, a valid one up to its last second")
    func expiry() throws {
        _ = try Self.verify(now: Self.expiresAt)
        let error = #expect(throws: LocalSignatureError.self) {
            try Self.verify(now: Self.expiresAt.addingTimeInterval(1))
        }
        #expect(error?.code == .accessDenied)
        #expect(error?.message == "Request has expired")
    }

    @Test("An unsigned URL or one signed with another secret is refused")
    func unsignedOrForeign() {
        let unsigned = #expect(throws: LocalSignatureError.self) {
            try Self.verify(query: "partNumber=3")
        }
        #expect(unsigned?.code == .accessDenied)
        let other = LocalURLSigner(secret: Array("another-32-byte-secret-for-tests".utf8))
        let query = other.signedQuery(
            method: "PUT", path: Self.path, query: [:], headers: [:], expiresAt: Self.expiresAt)
        let foreign = #expect(throws: LocalSignatureError.self) {
            try Self.verify(query: query, headers: [:])
        }
        #expect(foreign?.code == .signatureDoesNotMatch)
    }

    @Test("Error descriptions never contain the signature")
    func noSecretsInErrors() {
        let query = Self.signedQuery()
        let signature = String(query.split(separator: "=").last ?? "")
        let error = #expect(throws: LocalSignatureError.self) { try Self.verify(method: "GET") }
        #expect(error.map { !$0.description.contains(signature) } == true)
    }
}
