import Crypto
import Foundation
import Testing

@testable import AWSSigning

/// AWS's published SigV4 test suite, compared stage by stage as exact strings.
@Suite("AWS SigV4 test suite")
struct SigV4TestSuiteTests {
    @Test("The fixtures hold the whole v4 suite")
    func fixturesArePresent() {
        #expect(SigV4TestSuiteCase.allNames().count == 38)
    }

    @Test(
        "Header signing matches the suite's canonical request, string to sign and signature",
        arguments: SigV4TestSuiteCase.allNames())
    func headerSigning(name: String) throws {
        let testCase = try SigV4TestSuiteCase.load(name)
        let payload: SigV4Payload = .bytes(testCase.body)
        let (_, stages) = try testCase.signer.headerSigning(
            method: testCase.method,
            urlString: testCase.urlString,
            headers: testCase.headers,
            payload: payload,
            date: testCase.date
        )
        #expect(stages.canonicalRequest == testCase.expected["header-canonical-request"])
        #expect(stages.stringToSign == testCase.expected["header-string-to-sign"])
        #expect(stages.signature == testCase.expected["header-signature"])
    }

    @Test(
        "Query presigning matches the suite's canonical request, string to sign and signature",
        arguments: SigV4TestSuiteCase.allNames())
    func querySigning(name: String) throws {
        let testCase = try SigV4TestSuiteCase.load(name)
        let headers = testCase.headers.filter { $0.name.lowercased() != "x-amz-date" }
        let (_, stages) = try testCase.signer.querySigning(
            method: testCase.method,
            urlString: testCase.urlString,
            headers: headers,
            expires: testCase.expires,
            date: testCase.date,
            payloadHash: Hex.encode(SHA256.hash(data: testCase.body))
        )
        #expect(stages.canonicalRequest == testCase.expected["query-canonical-request"])
        #expect(stages.stringToSign == testCase.expected["query-string-to-sign"])
        #expect(stages.signature == testCase.expected["query-signature"])
    }
}
