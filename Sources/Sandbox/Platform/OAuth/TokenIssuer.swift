import Crypto
import Foundation

/// Issues and checks the sandbox's OAuth bearer tokens: client credentials grant, and user
/// tokens from the implicit grant (`GET /oauth/authorize`).
///
/// Tokens are 256-bit random strings held in memory with their expiry; nothing about them is
/// ever logged. Times are passed in (`now`) so tests can step past an expiry without sleeping.
public actor TokenIssuer {
    /// What a valid token stands for.
    public struct Grant: Sendable, Equatable {
        /// The OAuth client the token was issued to.
        public var clientId: String
        /// When the token stops being accepted.
        public var expiresAt: Date
        /// The user the token acts for (implicit grant); `nil` for client credentials.
        public var userId: String? = nil
    }

    private let clients: [OAuthClient]
    private let lifetime: Duration
    private var grants: [String: Grant] = [:]

    /// Creates an issuer.
    /// - Parameters:
    ///   - clients: The OAuth clients allowed to ask for tokens.
    ///   - lifetime: How long a token lives (Genesys's default for client credentials is 24 h).
    public init(clients: [OAuthClient], lifetime: Duration = .seconds(86_400)) {
        self.clients = clients
        self.lifetime = lifetime
    }

    /// Handles `POST /oauth/token`.
    /// - Parameters:
    ///   - authorization: The request's `Authorization` header value, if any.
    ///   - grantType: The form field `grant_type`.
    ///   - now: The current time.
    /// - Returns: The token answer.
    /// - Throws: ``OAuthTokenError`` when the grant type is wrong or the client is not authenticated.
    public func issue(
        authorization: String?,
        grantType: String?,
        now: Date = Date()
    ) throws(OAuthTokenError) -> IssuedAccessToken {
        guard grantType == "client_credentials" else { throw .unsupportedGrantType(grantType) }
        guard let basic = authorization.flatMap(BasicAuthorization.init(headerValue:)) else {
            throw .missingClientAuthentication
        }
        guard let client = authenticate(basic) else { throw .authenticationFailed }
        return issue(to: client.id, now: now)
    }

    /// Issues a token to an already authenticated client.
    /// - Parameters:
    ///   - clientId: The client the token belongs to.
    ///   - now: The issue time; the token expires at `now + lifetime`.
    /// - Returns: The token answer.
    public func issue(to clientId: String, now: Date = Date()) -> IssuedAccessToken {
        issue(to: clientId, userId: nil, now: now)
    }

    /// Issues a user token (implicit grant) to a client on behalf of a signed-in user.
    /// - Parameters:
    ///   - clientId: The client the token belongs to.
    ///   - userId: The user it acts for (`GET /api/v2/users/me` answers for this user).
    ///   - now: The issue time.
    /// - Returns: The token answer.
    public func issue(to clientId: String, userId: String?, now: Date = Date()) -> IssuedAccessToken {
        pruneExpired(now: now)
        let token = Self.randomToken()
        let seconds =
            Double(lifetime.components.seconds)
            + Double(lifetime.components.attoseconds) / 1e18
        grants[token] = Grant(clientId: clientId, expiresAt: now.addingTimeInterval(seconds), userId: userId)
        return IssuedAccessToken(accessToken: token, expiresIn: Int(seconds.rounded(.down)))
    }

    /// Checks an `Authorization: Bearer …` header value.
    /// - Parameters:
    ///   - authorization: The header value, if any.
    ///   - now: The current time.
    /// - Returns: The grant the token stands for.
    /// - Throws: ``PlatformAPIError/badCredentials`` when the header is missing, not a bearer
    ///   token, unknown, or expired.
    public func verify(authorization: String?, now: Date = Date()) throws(PlatformAPIError) -> Grant {
        guard let authorization else { throw .badCredentials }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .badCredentials }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let grant = grants[token] else { throw .badCredentials }
        guard now < grant.expiresAt else {
            grants[token] = nil
            throw .badCredentials
        }
        return grant
    }

    /// The number of live tokens (for diagnostics and tests).
    public var liveTokenCount: Int { grants.count }

    private func authenticate(_ basic: BasicAuthorization) -> OAuthClient? {
        // Compare every configured client in constant time so timing reveals nothing about secrets.
        var found: OAuthClient?
        for client in clients {
            let idMatches = Self.constantTimeEquals(client.id, basic.user)
            let secretMatches = Self.constantTimeEquals(client.secret, basic.password)
            if idMatches && secretMatches { found = client }
        }
        return found
    }

    private func pruneExpired(now: Date) {
        grants = grants.filter { now < $0.value.expiresAt }
    }

    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = SHA256.hash(data: Data(lhs.utf8))
        let right = SHA256.hash(data: Data(rhs.utf8))
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    static func randomToken() -> String {
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
