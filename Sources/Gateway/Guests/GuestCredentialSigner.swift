import Crypto
import Foundation

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

    private let key: SymmetricKey
    /// How long a credential lives (default 15 minutes).
    public let lifetime: Duration

    /// Creates a signer.
    /// - Parameters:
    ///   - secret: at least 32 bytes of secret key material.
    ///   - lifetime: how long credentials live.
    public init(secret: Data, lifetime: Duration = .seconds(15 * 60)) {
        key = SymmetricKey(data: secret)
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
            credential: payload + "." + Self.base64URL(mac(payload)),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(expires))
        )
    }

    /// Verifies a credential and returns its guest id.
    /// - Throws: ``GuestCredentialError`` when it is malformed, forged or expired.
    public func verify(_ credential: String, now: Date = Date()) throws(GuestCredentialError) -> String {
        let pieces = credential.split(separator: ".", omittingEmptySubsequences: false)
        guard credential.utf8.count <= 512, pieces.count == 4, pieces[0] == "v1", !pieces[1].isEmpty,
            let expires = Int64(pieces[2]), let mac = Self.data(base64URL: String(pieces[3]))
        else { throw .malformed }
        let payload = "v1.\(pieces[1]).\(pieces[2])"
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(payload.utf8), using: key) else {
            throw .invalidSignature
        }
        guard Double(expires) > now.timeIntervalSince1970 else { throw .expired }
        return String(pieces[1])
    }

    private func mac(_ payload: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL: String) -> Data? {
        var text = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }
}
