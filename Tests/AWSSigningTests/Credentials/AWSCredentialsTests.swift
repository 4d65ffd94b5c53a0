import Foundation
import Testing

@testable import AWSSigning

@Suite("AWS credentials")
struct AWSCredentialsTests {
    static let credentials = AWSCredentials(
        accessKeyID: "ASIAEXAMPLEKEY12ABCD",
        secretAccessKey: "SECRET-wJalrXUtnFEMI",
        sessionToken: "TOKEN-FwoGZXIvYXdzE",
        expiration: Date(timeIntervalSince1970: 2_000_000_000)
    )

    @Test("Printing, debug-printing, interpolating and dumping never reveal the secret or token")
    func neverPrintsSecrets() {
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        struct Holder { let credentials: AWSCredentials }
        let texts = [
            Self.credentials.description,
            Self.credentials.debugDescription,
            "\(Self.credentials)",
            String(reflecting: Self.credentials),
            String(describing: Holder(credentials: Self.credentials)),
            dumped,
        ]
        for text in texts {
            #expect(!text.contains("SECRET"))
            #expect(!text.contains("TOKEN-"))
            #expect(text.contains("ABCD"))
        }
    }

    @Test("An empty session token counts as none")
    func emptyToken() {
        #expect(AWSCredentials(accessKeyID: "a", secretAccessKey: "b", sessionToken: "").sessionToken == nil)
    }

    @Test("Credentials expire within a margin only when they have an expiration")
    func expiring() {
        let now = Date(timeIntervalSince1970: 2_000_000_000 - 100)
        #expect(Self.credentials.isExpiring(within: 300, now: now))
        #expect(!Self.credentials.isExpiring(within: 60, now: now))
        #expect(!AWSCredentials(accessKeyID: "a", secretAccessKey: "b").isExpiring(within: 1e9, now: now))
    }
}
