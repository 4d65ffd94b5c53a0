/// `JwtResponse`: the answer to `getJwt`.
public struct JwtResponse: Sendable, Equatable, Codable {
    /// The JWT for the history API (a secret: never log it).
    public var jwt: String
    /// Expiry, epoch seconds.
    public var exp: Int

    /// Creates the response.
    public init(jwt: String, exp: Int) {
        self.jwt = jwt
        self.exp = exp
    }
}
