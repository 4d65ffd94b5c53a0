import Crypto
import Foundation
import WebMessaging

/// Signs and verifies the guest JWTs that `getJwt` hands out (HS256, with `exp`).
struct GuestJWT: Sendable {
    /// The claims the sandbox puts in a guest JWT.
    struct Claims: Sendable, Equatable, Codable {
        /// Issuer: `attache-sandbox`.
        var iss: String
        /// Subject: the session token hash.
        var sub: String
        /// Token id.
        var jti: String
        /// Issued at, epoch seconds.
        var iat: Int
        /// Expiry, epoch seconds.
        var exp: Int
        /// The deployment.
        var deploymentId: String
    }

    let key: SymmetricKey
    let lifetimeSeconds: Int

    static let issuer = "attache-sandbox"

    /// Signs claims into a compact JWT.
    func sign(_ claims: Claims) -> String {
        let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Self.base64URL((try? encoder.encode(claims)) ?? Data("{}".utf8))
        let signingInput = "\(header).\(payload)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: key)
        return "\(signingInput).\(Self.base64URL(Data(mac)))"
    }

    /// Verifies a compact JWT's signature, algorithm and expiry and returns its claims.
    /// - Throws: ``GuestJWTError``.
    func verify(_ token: String, now: Date) throws(GuestJWTError) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Self.decodeBase64URL(parts[0]),
            let payloadData = Self.decodeBase64URL(parts[1]),
            let signature = Self.decodeBase64URL(parts[2])
        else { throw .malformed }
        struct Header: Decodable { var alg: String }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData), header.alg == "HS256" else {
            throw .malformed
        }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key) else {
            throw .badSignature
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: payloadData), claims.iss == Self.issuer else {
            throw .malformed
        }
        guard Double(claims.exp) > now.timeIntervalSince1970 else { throw .expired }
        return claims
    }

    static func base64URL(_ data: Data) -> String {
        Base64URL.encode(data)
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        Base64URL.decode(text).map { Data($0) }
    }
}

/// Why a guest JWT was refused.
enum GuestJWTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not three base64url parts, not HS256, or unreadable claims.
    case malformed
    /// The signature does not match.
    case badSignature
    /// `exp` has passed.
    case expired
    /// The session it was issued to was closed or the token id is unknown.
    case revoked

    /// A stable code and explanation.
    var description: String {
        switch self {
        case .malformed: "SANDBOX_JWT_MALFORMED: not an HS256 JWT issued by the sandbox"
        case .badSignature: "SANDBOX_JWT_BAD_SIGNATURE: the signature does not match"
        case .expired: "SANDBOX_JWT_EXPIRED: the token has expired"
        case .revoked: "SANDBOX_JWT_REVOKED: the session was closed"
        }
    }
}
