/// `getJwt`: ask for a JWT to call the history REST API.
public struct GetJwtRequest: Sendable, Equatable, Codable {
    /// The guest's session token.
    public var token: String
    /// The request's tracing id.
    public var tracingId: String?

    /// Creates the request.
    public init(token: String, tracingId: String? = nil) {
        self.token = token
        self.tracingId = tracingId
    }
}
