/// The body of a successful `POST /oauth/token` answer, as Genesys Cloud sends it.
///
/// `{"access_token": "…", "token_type": "bearer", "expires_in": 86399}`.
public struct IssuedAccessToken: Sendable, Equatable, Codable {
    /// The bearer token to put in `Authorization: Bearer …`.
    public var accessToken: String
    /// Always `bearer`.
    public var tokenType: String
    /// Seconds until the token expires.
    public var expiresIn: Int

    /// Creates a token answer.
    public init(accessToken: String, tokenType: String = "bearer", expiresIn: Int) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}
