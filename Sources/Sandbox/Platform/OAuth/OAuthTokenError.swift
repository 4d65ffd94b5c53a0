/// A refusal from `POST /oauth/token`, in the shape Genesys Cloud's login service uses.
///
/// The body is `{"error": "invalid_client", "description": "…", "error_description": "…"}`
/// (RFC 6749 §5.2 error codes, with Genesys's extra `description` field).
public struct OAuthTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The RFC 6749 error code, e.g. `invalid_client`.
    public var error: String
    /// A human explanation (never contains the secret).
    public var errorDescription: String
    /// The HTTP status to answer with.
    public var status: Int

    /// Creates a token error.
    public init(error: String, errorDescription: String, status: Int) {
        self.error = error
        self.errorDescription = errorDescription
        self.status = status
    }

    /// `error: description`.
    public var description: String { "\(error): \(errorDescription)" }

    /// The client is unknown or its secret is wrong (HTTP 401).
    public static let authenticationFailed = OAuthTokenError(
        error: "invalid_client",
        errorDescription: "authentication failed",
        status: 401
    )
    /// No usable Basic credentials in the request (HTTP 401).
    public static let missingClientAuthentication = OAuthTokenError(
        error: "invalid_client",
        errorDescription: "client authentication is required (HTTP Basic)",
        status: 401
    )
    /// The grant type is not `client_credentials` (HTTP 400).
    public static func unsupportedGrantType(_ grantType: String?) -> OAuthTokenError {
        let shown = grantType.map { "'\($0.prefix(40))'" } ?? "none"
        return OAuthTokenError(
            error: "unsupported_grant_type",
            errorDescription: "grant_type must be client_credentials, got \(shown)",
            status: 400
        )
    }

    /// The JSON body.
    public var body: Body { Body(error: error, description: errorDescription, errorDescription: errorDescription) }

    /// The JSON body of a token error.
    public struct Body: Sendable, Equatable, Codable {
        /// The RFC 6749 error code.
        public var error: String
        /// Genesys's human explanation.
        public var description: String
        /// RFC 6749's human explanation (same text).
        public var errorDescription: String

        enum CodingKeys: String, CodingKey {
            case error
            case description
            case errorDescription = "error_description"
        }
    }
}
