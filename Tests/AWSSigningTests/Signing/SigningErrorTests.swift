import Foundation
import Testing

@testable import AWSSigning

@Suite("Bad input is rejected with typed, actionable errors")
struct SigningErrorTests {
    static let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
        region: "us-east-1",
        service: "s3"
    )

    @Test(
        "Presign expiries outside 1 s … 7 days are refused; the bounds are accepted",
        arguments: [(0, false), (-5, false), (1, true), (604_800, true), (604_801, false), (Int.max, false)])
    func expiryRange(expires: Int, accepted: Bool) throws {
        let result = Result { () throws(SigningError) in
            try Self.signer.presign(method: "GET", urlString: "https://b.s3.amazonaws.com/k", expires: expires)
        }
        switch result {
        case .success:
            #expect(accepted)
        case .failure(let error):
            #expect(!accepted)
            #expect(error.code == .expiryOutOfRange)
            #expect(error.description.contains("604800"))
        }
    }

    @Test("A URL without host is refused", arguments: ["https:///key", "https://user@/key", "http://:80/"])
    func missingHost(url: String) {
        #expect(throws: SigningError.self) {
            try Self.signer.presign(method: "GET", urlString: url, expires: 60)
        }
        do {
            _ = try Self.signer.signHeaders(method: "GET", urlString: url)
        } catch {
            #expect(error.code == .missingHost)
        }
    }

    @Test("Relative URLs and bad ports are invalid URLs", arguments: ["/bucket/key", "bucket/key", "https://h:99999/"])
    func invalidURL(url: String) {
        do {
            _ = try Self.signer.signHeaders(method: "GET", urlString: url)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidURL)
        }
    }

    @Test(
        "Empty credentials are refused before anything is signed",
        arguments: [("", "secret"), ("AKID", ""), ("", "")])
    func emptyCredentials(key: String, secret: String) {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret),
            region: "us-east-1",
            service: "s3"
        )
        do {
            _ = try signer.presign(method: "GET", urlString: "https://b.s3.amazonaws.com/k", expires: 60)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .emptyCredentials)
            #expect(error.message.contains("AWS_ACCESS_KEY_ID"))
        }
    }

    @Test(
        "A payload hash that is not 64 lowercase hex digits is refused",
        arguments: ["abc", String(repeating: "A", count: 64), String(repeating: "g", count: 64)])
    func badPayloadHash(hash: String) {
        do {
            _ = try Self.signer.signHeaders(
                method: "PUT",
                urlString: "https://b.s3.amazonaws.com/k",
                payload: .hash(hash)
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidPayloadHash)
        }
    }

    @Test("Error messages never contain the query string (which may carry tokens)")
    func messagesAreRedacted() {
        do {
            _ = try Self.signer.signHeaders(method: "GET", urlString: "https://:1/k?X-Amz-Security-Token=SECRET")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("SECRET"))
        }
    }
}
