import Crypto
import Foundation

/// The sandbox's sign-in cookie: which console agent this browser is signed in as, so the
/// implicit grant (`GET /oauth/authorize`) can issue that agent's token as Genesys's login
/// service does for a signed-in user.
///
/// The sandbox has no passwords: anyone can sign in by name. The cookie only binds the browser
/// to the name it signed in with: `userId.HMAC` with a key made per process (so it cannot be
/// forged or reused after a restart), `HttpOnly`, `SameSite=Lax`.
public struct AgentSessionCookie: Sendable {
    /// The cookie name.
    public static let name = "attache_sandbox_agent"
    private let key: SymmetricKey

    /// Creates a cookie codec with a fresh random key.
    public init() {
        key = SymmetricKey(size: .bits256)
    }

    /// The `Set-Cookie` value signing the browser in as `userId`.
    public func setCookie(userId: String) -> String {
        "\(Self.name)=\(userId).\(signature(userId)); Path=/; HttpOnly; SameSite=Lax"
    }

    /// The `Set-Cookie` value that signs the browser out.
    public var clearCookie: String {
        "\(Self.name)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    }

    /// The user id of a valid cookie in a `Cookie` header, or `nil`.
    public func userId(cookieHeader: String?) -> String? {
        guard let cookieHeader else { return nil }
        for pair in cookieHeader.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(Self.name + "=") else { continue }
            let value = trimmed.dropFirst(Self.name.count + 1)
            guard let dot = value.lastIndex(of: ".") else { continue }
            let userId = String(value[..<dot])
            let mac = String(value[value.index(after: dot)...])
            guard !userId.isEmpty, TokenIssuer.constantTimeEquals(mac, signature(userId)) else { continue }
            return userId
        }
        return nil
    }

    private func signature(_ userId: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(userId.utf8), using: key)
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
