import Foundation
import Testing

@testable import Gateway

@Suite("Guest credentials")
struct GuestCredentialSignerTests {
    let signer = GuestCredentialSigner(secret: Data(repeating: 7, count: 32))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("A credential verifies to its guest until it expires 15 minutes later")
    func roundTrip() throws {
        let issued = signer.issue(guestId: "g1", now: now)
        #expect(issued.expiresAt == now.addingTimeInterval(900))
        #expect(try signer.verify(issued.credential, now: now.addingTimeInterval(899)) == "g1")
        #expect(throws: GuestCredentialError.expired) {
            try signer.verify(issued.credential, now: now.addingTimeInterval(900))
        }
    }

    @Test("Forged, re-signed and malformed credentials are refused")
    func refused() {
        let issued = signer.issue(guestId: "g1", now: now).credential
        let other = GuestCredentialSigner(secret: Data(repeating: 8, count: 32)).issue(guestId: "g1", now: now)
        let swapped = issued.replacingOccurrences(of: "v1.g1.", with: "v1.g2.")
        let extended = issued.replacingOccurrences(
            of: ".\(Int(now.timeIntervalSince1970) + 900).",
            with: ".\(Int(now.timeIntervalSince1970) + 99_999).")
        #expect(throws: GuestCredentialError.invalidSignature) { try signer.verify(other.credential, now: now) }
        #expect(throws: GuestCredentialError.invalidSignature) { try signer.verify(swapped, now: now) }
        #expect(throws: GuestCredentialError.invalidSignature) { try signer.verify(extended, now: now) }
        for bad in ["", "v1", "v2.g1.1.abc", "v1..1.abc", "v1.g1.x.abc", String(repeating: "a", count: 600)] {
            #expect(throws: GuestCredentialError.malformed) { try signer.verify(bad, now: now) }
        }
    }
}
