import Crypto
import Foundation
import Testing

@testable import Sandbox

@Suite("Guest JWT")
struct GuestJWTTests {
    let signer = GuestJWT(key: SymmetricKey(data: Data("secret".utf8)), lifetimeSeconds: 60)
    let claims = GuestJWT.Claims(iss: GuestJWT.issuer, sub: "s", jti: "j", iat: 1_000, exp: 1_060, deploymentId: "d")

    @Test("a signed token verifies before exp and carries its claims; HS256 header")
    func roundTrip() throws {
        let token = signer.sign(claims)
        let header = try #require(GuestJWT.decodeBase64URL(token.split(separator: ".")[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","typ":"JWT"}"#)
        #expect(try signer.verify(token, now: Date(timeIntervalSince1970: 1_059)) == claims)
    }

    @Test("an expired, re-signed, tampered or malformed token is refused with its reason")
    func refusals() {
        let token = signer.sign(claims)
        let other = GuestJWT(key: SymmetricKey(data: Data("other".utf8)), lifetimeSeconds: 60).sign(claims)
        let parts = token.split(separator: ".")
        let tampered = "\(parts[0]).\(GuestJWT.base64URL(Data(#"{"exp":99999999999}"#.utf8))).\(parts[2])"
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(throws: GuestJWTError.expired) { try signer.verify(token, now: Date(timeIntervalSince1970: 1_060)) }
        #expect(throws: GuestJWTError.badSignature) { try signer.verify(other, now: now) }
        #expect(throws: GuestJWTError.badSignature) { try signer.verify(tampered, now: now) }
        #expect(throws: GuestJWTError.malformed) { try signer.verify("abc", now: now) }
        #expect(throws: GuestJWTError.malformed) { try signer.verify("a.b.c.d", now: now) }
        let none = "\(GuestJWT.base64URL(Data(#"{"alg":"none"}"#.utf8))).\(parts[1])."
        #expect(throws: GuestJWTError.malformed) { try signer.verify(none, now: now) }
    }
}
