/// `configureSession`: start (or, with the same token, resume) an anonymous guest session.
public struct ConfigureSessionRequest: Sendable, Equatable, Codable {
    /// The guest's session token (client-generated, kept across visits).
    public var token: String
    /// The Messenger deployment id.
    public var deploymentId: String
    /// Start a new conversation even if the token has one (used after read-only).
    public var startNew: Bool
    /// Journey context.
    public var journeyContext: JourneyContext?
    /// The request's tracing id, echoed on the reply.
    public var tracingId: String?

    /// Creates the request.
    public init(
        token: String,
        deploymentId: String,
        startNew: Bool = false,
        journeyContext: JourneyContext? = nil,
        tracingId: String? = nil
    ) {
        self.token = token
        self.deploymentId = deploymentId
        self.startNew = startNew
        self.journeyContext = journeyContext
        self.tracingId = tracingId
    }

    private enum CodingKeys: String, CodingKey {
        case token, deploymentId, startNew, journeyContext, tracingId
    }

    /// Decodes the request; a missing `startNew` reads as `false` (older clients omit it).
    /// - Throws: `DecodingError` when `token` or `deploymentId` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        deploymentId = try container.decode(String.self, forKey: .deploymentId)
        startNew = try container.decodeIfPresent(Bool.self, forKey: .startNew) ?? false
        journeyContext = try container.decodeIfPresent(JourneyContext.self, forKey: .journeyContext)
        tracingId = try container.decodeIfPresent(String.self, forKey: .tracingId)
    }
}
