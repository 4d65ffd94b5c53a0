/// An OAuth client-credentials pair the sandbox's `/oauth/token` accepts.
public struct OAuthClient: Sendable, Equatable, Hashable, Codable {
    /// The client id.
    public var id: String
    /// The client secret (never logged).
    public var secret: String

    /// Creates a client.
    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// The client the default configuration ships with (dev only).
    public static let defaultClient = OAuthClient(id: "attache-sandbox-client", secret: "attache-sandbox-secret")
}
