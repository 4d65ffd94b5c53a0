import AWSSigning
import Crypto
import Foundation
import WebMessaging

/// Issues and verifies gateway guest credentials: `v1.<guestId>.<expiresAtUnix>.<mac>`, where
/// `mac` is base64url(HMAC-SHA256(key, "v1.<guestId>.<expiresAtUnix>")).
///
/// Stateless (any replica with the key verifies), short-lived, renewed by calling
/// `POST /v1/guests` again. Never log a credential.
public struct GuestCredentialSigner: Sendable {
    /// A credential and when it stops working.
    public struct Issued: Sendable, Equatable {
        /// The bearer credential.
        public var credential: String
        /// Its expiry.
        public var expiresAt: Date
    }

    private let macKey: HMACSHA256Key
    /// How long a credential lives (default 15 minutes).
    public let lifetime: Duration

    /// Creates a signer.
    /// - Parameters:
    ///   - secret: at least 32 bytes of secret key material.
    ///   - lifetime: how long credentials live.
    public init(secret: Data, lifetime: Duration = .seconds(15 * 60)) {
        macKey = HMACSHA256Key(secret)
        self.lifetime = lifetime
    }

    /// A signer with a fresh random key (single-process development; replicas must share a key).
    public static func random(lifetime: Duration = .seconds(15 * 60)) -> GuestCredentialSigner {
        GuestCredentialSigner(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }, lifetime: lifetime)
    }

    /// Issues a credential for a guest.
    public func issue(guestId: String, now: Date = Date()) -> Issued {
        let expires = Int64(now.timeIntervalSince1970) + lifetime.components.seconds
        let payload = "v1.\(guestId).\(expires)"
        return Issued(
            credential: payload + "." + Base64URL.encode(mac(payload)),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(expires))
        )
    }

    /// Verifies a credential and returns its guest id.
    /// - Throws: ``GuestCredentialError`` when it is malformed, forged or expired.
    public func verify(_ credential: String, now: Date = Date()) throws(GuestCredentialError) -> String {
        let utf8 = credential.utf8
        guard utf8.count <= 512 else { throw .malformed }
        let pieces = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[0].elementsEqual("v1".utf8), !pieces[1].isEmpty,
            let expires = Int64(Substring(pieces[2])), let mac = Base64URL.decode(Substring(pieces[3]))
        else { throw .malformed }
        // The MAC covers `v1.<guestId>.<expiresAtUnix>`: the credential up to its last dot.
        let payload = utf8[utf8.startIndex..<pieces[2].endIndex]
        guard macKey.isValidAuthenticationCode(mac, for: payload) else {
            throw .invalidSignature
        }
        guard Double(expires) > now.timeIntervalSince1970 else { throw .expired }
        return String(Substring(pieces[1]))
    }

    private func mac(_ payload: String) -> [UInt8] {
        Array(macKey.authenticationCode(for: payload.utf8))
    }
}
