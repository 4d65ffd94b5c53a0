import Foundation
import TestSupport
import Testing

@testable import AWSSigning

/// Signs hundreds of random requests with AWSSigning and with botocore and requires identical output.
@Suite("Differential tests against botocore")
struct SigV4DifferentialTests {
    static let seed: UInt64 = 0x5167_4E52_2026_1125
    static let caseCount = 600

    @Test(
        "Random S3 and SQS requests sign byte-identically to botocore",
        .enabled(if: TestEnvironment.isAvailable(.python))
    )
    func randomRequestsMatchBotocore() throws {
        let python = try TestEnvironment.require(.python)
        var generator = SeededGenerator(seed: Self.seed)
        let cases = (0..<Self.caseCount).map { RandomSigningCase.make(index: $0, generator: &generator) }
        let results = try SigV4Oracle.sign(cases.map(\.oracleCase), python: python)
        try #require(results.count == cases.count)
        var mismatches = 0
        var compared = 0
        for (testCase, expected) in zip(cases, results) {
            let matched = try compare(testCase, expected)
            compared += 1
            if !matched { mismatches += 1 }
            if mismatches > 5 { break }
        }
        #expect(mismatches == 0, "seed \(Self.seed)")
        #expect(compared == Self.caseCount)
    }

    /// Compares one case; records an issue with every stage when it differs.
    private func compare(_ testCase: RandomSigningCase, _ expected: SigV4Oracle.Result) throws -> Bool {
        let input = testCase.oracleCase
        if let error = expected.error {
            Issue.record("case \(input.id): botocore failed: \(error)")
            return false
        }
        if input.mode == "presign" {
            let ours: String
            let stages: SigV4Signer.Stages
            (ours, stages) = try testCase.signer.querySigning(
                method: input.method,
                urlString: input.url,
                headers: testCase.headers,
                expires: input.expires,
                date: testCase.date
            )
            if testCase.useURLType, let url = URL(string: input.url) {
                let viaURL = try testCase.signer.presign(
                    method: input.method,
                    url: url,
                    headers: testCase.headers,
                    expires: input.expires,
                    date: testCase.date
                )
                #expect(viaURL.absoluteString == ours, "case \(input.id): URL and String forms differ")
            }
            guard ours == expected.url else {
                report(input, stages: stages, expected: expected, detail: "ours \(ours)\nboto \(expected.url ?? "-")")
                return false
            }
            return true
        }
        let (headers, stages) = try testCase.signer.headerSigning(
            method: input.method,
            urlString: input.url,
            headers: testCase.headers,
            payload: testCase.payload,
            date: testCase.date
        )
        let ourSet = headers.map { "\($0.name.lowercased()): \($0.value)" }.sorted()
        let botoHeaders = (expected.headers ?? []).filter { $0[0].lowercased() != "host" }
        var botoSet = botoHeaders.map { "\($0[0].lowercased()): \($0[1])" }
        if !testCase.headers.contains(where: { $0.name.lowercased() == "host" }) {
            botoSet.append("host: \(try RawURL(input.url).hostHeader)")
        }
        botoSet.sort()
        guard ourSet == botoSet else {
            report(input, stages: stages, expected: expected, detail: "ours \(ourSet)\nboto \(botoSet)")
            return false
        }
        return true
    }

    private func report(
        _ input: SigV4Oracle.Case,
        stages: SigV4Signer.Stages,
        expected: SigV4Oracle.Result,
        detail: String
    ) {
        let sameCanonical = stages.canonicalRequest == expected.canonicalRequest
        Issue.record(
            """
            case \(input.id) (\(input.mode), \(input.service)) differs from botocore; seed \(Self.seed)
            \(detail)
            canonical request equal: \(sameCanonical)
            ours:
            \(stages.canonicalRequest)
            botocore:
            \(expected.canonicalRequest ?? "-")
            """
        )
    }
}
