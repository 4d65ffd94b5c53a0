import Foundation

/// Runs `scripts/sigv4_oracle.py` (botocore) once over a whole batch of cases.
enum SigV4Oracle {
    /// One request to sign, in the oracle's JSON shape.
    struct Case: Codable, Sendable {
        var id: String
        var mode: String
        var service: String
        var region: String
        var accessKey: String
        var secretKey: String
        var token: String?
        var method: String
        var url: String
        var headers: [[String]]
        var bodyHex: String
        var unsigned: Bool
        var expires: Int
        var epoch: Int

        enum CodingKeys: String, CodingKey {
            case id, mode, service, region, token, method, url, headers, unsigned, expires, epoch
            case accessKey = "access_key"
            case secretKey = "secret_key"
            case bodyHex = "body_hex"
        }
    }

    /// What botocore produced for one case.
    struct Result: Codable, Sendable {
        var id: String?
        var url: String?
        var headers: [[String]]?
        var canonicalRequest: String?
        var stringToSign: String?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case id, url, headers, error
            case canonicalRequest = "canonical_request"
            case stringToSign = "string_to_sign"
        }
    }

    private struct Batch: Codable {
        var cases: [Case]
    }

    private struct Results: Codable {
        var results: [Result]
    }

    struct OracleFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// The repository's `scripts/sigv4_oracle.py`, found from this source file's location.
    static var scriptURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/sigv4_oracle.py")
    }

    /// Signs every case with botocore in one Python process.
    static func sign(_ cases: [Case], python: String) throws -> [Result] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptURL.path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let payload = try JSONEncoder().encode(Batch(cases: cases))
        // Read stdout concurrently while writing stdin, so neither pipe can fill up and block.
        let writer = input.fileHandleForWriting
        let reader = output.fileHandleForReading
        let group = DispatchGroup()
        let box = DataBox()
        group.enter()
        DispatchQueue.global().async {
            box.data = reader.readDataToEndOfFile()
            group.leave()
        }
        try writer.write(contentsOf: payload)
        try writer.close()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw OracleFailed(description: "sigv4_oracle.py exited \(process.terminationStatus): \(message)")
        }
        return try JSONDecoder().decode(Results.self, from: box.data).results
    }

    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }
}
