import Foundation
import Testing

@testable import AWSSigning

/// One case of AWS's SigV4 test suite, read from `Fixtures/aws-sig-v4-test-suite/<name>`.
struct SigV4TestSuiteCase: Sendable, CustomStringConvertible {
    struct Context: Decodable {
        struct Credentials: Decodable {
            let accessKeyID: String
            let secretAccessKey: String
            let token: String?

            enum CodingKeys: String, CodingKey {
                case accessKeyID = "access_key_id"
                case secretAccessKey = "secret_access_key"
                case token
            }
        }

        let credentials: Credentials
        let expirationInSeconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let signBody: Bool
        let timestamp: String
        let omitSessionToken: Bool?

        enum CodingKeys: String, CodingKey {
            case credentials, normalize, region, service, timestamp
            case expirationInSeconds = "expiration_in_seconds"
            case signBody = "sign_body"
            case omitSessionToken = "omit_session_token"
        }
    }

    let name: String
    let method: String
    let path: String
    let headers: [SigV4Signer.Header]
    let body: [UInt8]
    let signer: SigV4Signer
    let date: Date
    let expires: Int
    let signBody: Bool
    let expected: [String: String]

    var description: String { name }

    /// The names of every case in the fixtures folder.
    static func allNames() -> [String] {
        guard let root = fixturesRoot(),
            let names = try? FileManager.default.contentsOfDirectory(atPath: root.path)
        else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func fixturesRoot() -> URL? {
        Bundle.module.url(forResource: "aws-sig-v4-test-suite", withExtension: nil, subdirectory: "Fixtures")
    }

    /// Loads a case.
    static func load(_ name: String) throws -> SigV4TestSuiteCase {
        let folder = try #require(fixturesRoot()).appendingPathComponent(name)
        func read(_ file: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        let context = try JSONDecoder().decode(Context.self, from: Data(read("context.json").utf8))
        var expected: [String: String] = [:]
        for mode in ["header", "query"] {
            for stage in ["canonical-request", "string-to-sign", "signature"] {
                expected["\(mode)-\(stage)"] = try read("\(mode)-\(stage).txt")
            }
        }
        let (method, path, headers, body) = try parseRequest(read("request.txt"))
        let omitsToken = context.omitSessionToken == true
        let credentials = AWSCredentials(
            accessKeyID: context.credentials.accessKeyID,
            secretAccessKey: context.credentials.secretAccessKey,
            sessionToken: omitsToken ? nil : context.credentials.token
        )
        let signer = SigV4Signer(
            credentials: credentials,
            region: context.region,
            service: context.service,
            isS3: false,
            normalizesPath: context.normalize,
            sendsContentHash: context.signBody
        )
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        return SigV4TestSuiteCase(
            name: name,
            method: method,
            path: path,
            headers: headers,
            body: body,
            signer: signer,
            date: date,
            expires: context.expirationInSeconds,
            signBody: context.signBody,
            expected: expected
        )
    }

    /// Splits `METHOD PATH HTTP/1.1`, `Name:value` lines (continuations start with a space) and the body.
    static func parseRequest(_ text: String) throws -> (String, String, [SigV4Signer.Header], [UInt8]) {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0]
        let body = parts.count > 1 ? Array(parts.dropFirst().joined(separator: "\n\n").utf8) : []
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let firstSpace = try #require(requestLine.firstIndex(of: " "))
        let versionStart = try #require(requestLine.range(of: " HTTP/", options: .backwards))
        let method = String(requestLine[..<firstSpace])
        let path = String(requestLine[requestLine.index(after: firstSpace)..<versionStart.lowerBound])
        var headers: [SigV4Signer.Header] = []
        for line in lines where !line.isEmpty {
            if line.first == " ", let last = headers.popLast() {
                headers.append((last.name, last.value + "\n" + line))
                continue
            }
            let colon = try #require(line.firstIndex(of: ":"))
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return (method, path, headers, body)
    }

    /// The URL text: `https://` + the Host header + the raw path.
    var urlString: String {
        let host = headers.first { $0.name.lowercased() == "host" }?.value ?? ""
        return "https://" + host + path
    }
}
