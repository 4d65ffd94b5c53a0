import Crypto
import Foundation
import TestSupport

@testable import AWSSigning

/// A randomly generated request to sign with both AWSSigning and botocore.
struct RandomSigningCase: Sendable {
    var oracleCase: SigV4Oracle.Case
    var signer: SigV4Signer
    var headers: [SigV4Signer.Header]
    var payload: SigV4Payload
    var date: Date
    var useURLType: Bool

    private static let keyPieces = [
        "a", "Z", "0", "9", "-", "_", ".", "~", " ", "  ", "+", "%", "%20", "/", "//", "é", "日本",
        "😀", "!", "'", "(", ")", "*", "&", "$", "=", ",", ":", "@", ";", "?", "#", "[", "]", "photo", "report.pdf",
    ]
    private static let hosts: [(scheme: String, host: String)] = [
        ("https", "examplebucket.s3.amazonaws.com"), ("https", "s3.us-west-2.amazonaws.com"),
        ("http", "127.0.0.1:5000"), ("https", "Example.COM:443"), ("http", "localhost:80"),
        ("https", "sqs.eu-west-1.amazonaws.com"), ("http", "[::1]:9000"),
        ("https", "bucket.s3.amazonaws.com:8443"),
    ]
    private static let queryNames = [
        "prefix", "list-type", "max-keys", "uploadId", "partNumber", "Action", "acl",
        "response-content-disposition", "continuation-token", "x-id", "Version", "QueueUrl", "MessageBody",
    ]
    private static let valuePieces = [
        "a", "B", "1", " ", "+", "/", "=", "&", "%", "~", "-", "_", ".", "é", "日", "😀", "\"", ";",
        "attachment", "filename", "*", "'", "(", ")",
    ]
    private static let methods = ["GET", "PUT", "POST", "DELETE", "HEAD", "get"]

    static func make(index: Int, generator: inout SeededGenerator) -> RandomSigningCase {
        let service = Bool.random(using: &generator) ? "s3" : "sqs"
        let presign = index % 2 == 0
        let endpoint = hosts.randomElement(using: &generator)!
        let path = service == "s3" ? s3Path(&generator) : sqsPath(&generator)
        var url = endpoint.scheme + "://" + endpoint.host + path
        let query = randomQuery(&generator)
        if !query.isEmpty { url += "?" + query }

        let headers = randomHeaders(&generator, presign: presign)
        let token: String? = Bool.random(using: &generator) ? randomToken(&generator) : nil
        let credentials = AWSCredentials(
            accessKeyID: "AKID" + randomWord(&generator, length: 16).uppercased(),
            secretAccessKey: randomToken(&generator),
            sessionToken: token
        )
        let region = ["us-east-1", "eu-west-1", "ap-southeast-2"].randomElement(using: &generator)!
        let epoch = Int.random(in: 946_684_800...2_208_988_800, using: &generator)
        let body: [UInt8] = presign ? [] : randomBody(&generator)
        let unsigned = !presign && Int.random(in: 0..<4, using: &generator) == 0
        let payload: SigV4Payload
        if unsigned {
            payload = .unsigned
        } else if body.isEmpty {
            payload = Bool.random(using: &generator) ? .empty : .bytes([])
        } else {
            payload = Bool.random(using: &generator) ? .bytes(body) : .hash(Hex.encode(SHA256.hash(data: body)))
        }
        let expires = Int.random(in: SigningError.minimumExpiry...SigningError.maximumExpiry, using: &generator)
        let method = methods.randomElement(using: &generator)!
        let oracleCase = SigV4Oracle.Case(
            id: String(index),
            mode: presign ? "presign" : "headers",
            service: service,
            region: region,
            accessKey: credentials.accessKeyID,
            secretKey: credentials.secretAccessKey,
            token: token,
            method: method,
            url: url,
            headers: headers.map { [$0.name, $0.value] },
            bodyHex: Hex.encode(body),
            unsigned: unsigned,
            expires: expires,
            epoch: epoch
        )
        return RandomSigningCase(
            oracleCase: oracleCase,
            signer: SigV4Signer(credentials: credentials, region: region, service: service),
            headers: headers,
            payload: payload,
            date: Date(timeIntervalSince1970: TimeInterval(epoch) + 0.75),
            useURLType: Bool.random(using: &generator)
        )
    }

    private static func s3Path(_ generator: inout SeededGenerator) -> String {
        var key = ""
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            key += keyPieces.randomElement(using: &generator)!
        }
        let bucket: String? = Bool.random(using: &generator) ? "my-bucket" : nil
        return AWSURIEncoding.s3ObjectPath(bucket: bucket, key: key)
    }

    private static func sqsPath(_ generator: inout SeededGenerator) -> String {
        let paths = [
            "/", "/123456789012/my-queue", "/123456789012/my-queue/", "/a/./b/../c", "//double//slash//",
            "/a%20b/c~d", "/./", "/../x", "/%E6%97%A5/q", "/a/b/..", "/enc%2Fslash",
        ]
        return paths.randomElement(using: &generator)!
    }

    private static func randomQuery(_ generator: inout SeededGenerator) -> String {
        var items: [(name: String, value: String?)] = []
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            let name = queryNames.randomElement(using: &generator)!
            var value = ""
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                value += valuePieces.randomElement(using: &generator)!
            }
            items.append((name, value))
        }
        return AWSURIEncoding.query(items)
    }

    private static func randomHeaders(_ generator: inout SeededGenerator, presign: Bool) -> [SigV4Signer.Header] {
        let candidates: [SigV4Signer.Header] = [
            ("Content-Type", "  text/plain ;   charset=utf-8  "),
            ("content-type", "application/octet-stream"),
            ("Content-Length", "5242880"),
            ("x-amz-tagging", "state=quarantine&source=guest"),
            ("X-Amz-Server-Side-Encryption", "AES256"),
            ("x-amz-meta-note", "a\t\tb   c"),
            ("X-Amz-Meta-Dup", "second"),
            ("x-amz-meta-dup", " first "),
            ("User-Agent", "attache/1.0"),
            ("Range", "bytes=0-1023"),
            ("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="),
            ("X-Amz-Target", "AmazonSQS.ReceiveMessage"),
            ("Expect", "100-continue"),
            ("x-amz-acl", "private"),
            ("If-None-Match", "*"),
            ("Content-Disposition", "attachment;   filename=\"a  b.pdf\""),
        ]
        var headers: [SigV4Signer.Header] = []
        for candidate in candidates where Int.random(in: 0..<4, using: &generator) == 0 {
            headers.append(candidate)
        }
        headers.shuffle(using: &generator)
        return headers
    }

    private static func randomToken(_ generator: inout SeededGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=")
        let length = Int.random(in: 20...80, using: &generator)
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    private static func randomWord(_ generator: inout SeededGenerator, length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    private static func randomBody(_ generator: inout SeededGenerator) -> [UInt8] {
        if Bool.random(using: &generator) { return [] }
        let length = Int.random(in: 1...64, using: &generator)
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
