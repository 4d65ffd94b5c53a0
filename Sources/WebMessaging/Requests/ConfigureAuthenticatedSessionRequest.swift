/// `configureAuthenticatedSession`: like `configureSession`, plus the guest's auth code or JWT.
public struct ConfigureAuthenticatedSessionRequest: Sendable, Equatable, Codable {
    /// The `data` object carrying the credential.
    public struct AuthData: Sendable, Equatable, Codable {
        /// The authorization code or JWT (a secret: never log it).
        public var code: String

        /// Creates the data object.
        public init(code: String) {
            self.code = code
        }
    }

    /// The guest's session token.
    public var token: String
    /// The Messenger deployment id.
    public var deploymentId: String
    /// Start a new conversation even if the token has one.
    public var startNew: Bool
    /// Journey context.
    public var journeyContext: JourneyContext?
    /// The credential.
    public var data: AuthData
    /// The request's tracing id.
    public var tracingId: String?

    /// Creates the request.
    public init(
        token: String,
        deploymentId: String,
        startNew: Bool = false,
        journeyContext: JourneyContext? = nil,
        data: AuthData,
        tracingId: String? = nil
    ) {
        self.token = token
        self.deploymentId = deploymentId
        self.startNew = startNew
        self.journeyContext = journeyContext
        self.data = data
        self.tracingId = tracingId
    }

    private enum CodingKeys: String, CodingKey {
        case token, deploymentId, startNew, journeyContext, data, tracingId
    }

    /// Decodes the request; a missing `startNew` reads as `false`.
    /// - Throws: `DecodingError` when `token`, `deploymentId` or `data.code` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        deploymentId = try container.decode(String.self, forKey: .deploymentId)
        startNew = try container.decodeIfPresent(Bool.self, forKey: .startNew) ?? false
        journeyContext = try container.decodeIfPresent(JourneyContext.self, forKey: .journeyContext)
        data = try container.decode(AuthData.self, forKey: .data)
        tracingId = try container.decodeIfPresent(String.self, forKey: .tracingId)
    }
}
