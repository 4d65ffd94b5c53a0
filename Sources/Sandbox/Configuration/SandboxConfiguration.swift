import Foundation

/// Everything the sandbox needs to start: listen address, deployments, agents, OAuth clients,
/// where to persist state, and the platform side (trigger rules, Data Actions, agent console
/// widget). One value, resolved at start-up and passed down.
///
/// Loadable from JSON (``load(from:)``); every field has a default, so `{}` is a valid file.
public struct SandboxConfiguration: Sendable, Equatable, Codable {
    /// The listen host (default `127.0.0.1`).
    public var host: String
    /// The listen port (default 8081; 0 picks a free port).
    public var port: Int
    /// The externally visible base URL (`http://host:port`) used in upload and download URLs;
    /// `nil` derives it from each request's `Host` header.
    public var publicURL: String?
    /// The deployments guests may connect to; the first is the default.
    public var deployments: [DeploymentConfiguration]
    /// The agents who may accept conversations.
    public var agents: [AgentProfile]
    /// The OAuth clients the platform API accepts.
    public var oauthClients: [OAuthClient]
    /// A JSON file that keeps state across restarts; `nil` keeps state in memory only.
    public var persistencePath: String?
    /// The HS256 key for guest JWTs; `nil` makes a random one per process.
    public var jwtSecret: String?
    /// How long a guest JWT from `getJwt` is valid, in seconds.
    public var jwtLifetimeSeconds: Int
    /// The platform side: trigger rules, Data Actions, OAuth token lifetime, the agent console's
    /// Interaction Widget (the file's `platform` member).
    public var platform: PlatformConfiguration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: the listen host.
    ///   - port: the listen port.
    ///   - publicURL: the external base URL, or `nil` to use the request's `Host`.
    ///   - deployments: the deployments (one default deployment when omitted).
    ///   - agents: the agents (one default agent when omitted).
    ///   - oauthClients: the OAuth clients (one default client when omitted).
    ///   - persistencePath: the state file, or `nil` for memory only.
    ///   - jwtSecret: the guest JWT key, or `nil` for a random one.
    ///   - jwtLifetimeSeconds: guest JWT lifetime.
    ///   - platform: the platform side's settings.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8081,
        publicURL: String? = nil,
        deployments: [DeploymentConfiguration] = [DeploymentConfiguration()],
        agents: [AgentProfile] = [.defaultAgent],
        oauthClients: [OAuthClient] = [.defaultClient],
        persistencePath: String? = nil,
        jwtSecret: String? = nil,
        jwtLifetimeSeconds: Int = 3_600,
        platform: PlatformConfiguration = PlatformConfiguration()
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.deployments = deployments
        self.agents = agents
        self.oauthClients = oauthClients
        self.persistencePath = persistencePath
        self.jwtSecret = jwtSecret
        self.jwtLifetimeSeconds = jwtLifetimeSeconds
        self.platform = platform
    }

    private enum CodingKeys: String, CodingKey {
        case host, port, publicURL, deployments, agents, oauthClients, persistencePath, jwtSecret
        case jwtLifetimeSeconds, platform
    }

    /// Decodes a configuration; every missing field takes its default.
    /// - Throws: `DecodingError` when a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SandboxConfiguration()
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
        deployments =
            try container.decodeIfPresent([DeploymentConfiguration].self, forKey: .deployments)
            ?? defaults.deployments
        agents = try container.decodeIfPresent([AgentProfile].self, forKey: .agents) ?? defaults.agents
        oauthClients =
            try container.decodeIfPresent([OAuthClient].self, forKey: .oauthClients)
            ?? defaults.oauthClients
        persistencePath = try container.decodeIfPresent(String.self, forKey: .persistencePath)
        jwtSecret = try container.decodeIfPresent(String.self, forKey: .jwtSecret)
        jwtLifetimeSeconds =
            try container.decodeIfPresent(Int.self, forKey: .jwtLifetimeSeconds)
            ?? defaults.jwtLifetimeSeconds
        platform = try container.decodeIfPresent(PlatformConfiguration.self, forKey: .platform) ?? defaults.platform
    }

    /// The deployment with this id, if configured.
    public func deployment(id: String) -> DeploymentConfiguration? {
        deployments.first { $0.id == id }
    }

    /// The agent with this user id, if configured.
    public func agent(id: String) -> AgentProfile? {
        agents.first { $0.id == id }
    }

    /// The default deployment (the first one configured).
    public var defaultDeployment: DeploymentConfiguration? { deployments.first }

    /// Decodes a configuration from JSON bytes and validates it.
    /// - Throws: ``SandboxConfigurationError``.
    public static func decode(from data: Data) throws(SandboxConfigurationError) -> SandboxConfiguration {
        let configuration: SandboxConfiguration
        do {
            configuration = try JSONDecoder().decode(SandboxConfiguration.self, from: data)
        } catch {
            throw SandboxConfigurationError(code: .invalidJSON, message: "cannot decode the configuration: \(error)")
        }
        try configuration.validate()
        return configuration
    }

    /// Loads a configuration from a JSON file and validates it.
    /// - Throws: ``SandboxConfigurationError`` (`SANDBOX_CONFIG_UNREADABLE`, `SANDBOX_CONFIG_INVALID_JSON`,
    ///   `SANDBOX_CONFIG_INVALID`).
    public static func load(from path: String) throws(SandboxConfigurationError) -> SandboxConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SandboxConfigurationError(
                code: .unreadable, message: "cannot read \(path): \(error.localizedDescription)"
            )
        }
        return try decode(from: data)
    }

    /// Checks the values make sense (unique ids, positive limits).
    /// - Throws: ``SandboxConfigurationError`` with code `SANDBOX_CONFIG_INVALID`.
    public func validate() throws(SandboxConfigurationError) {
        func fail(_ message: String) -> SandboxConfigurationError {
            SandboxConfigurationError(code: .invalid, message: message)
        }
        guard (0...65_535).contains(port) else { throw fail("port \(port) is out of range") }
        guard !deployments.isEmpty else { throw fail("at least one deployment is required") }
        guard Set(deployments.map(\.id)).count == deployments.count else { throw fail("deployment ids repeat") }
        guard Set(agents.map(\.id)).count == agents.count else { throw fail("agent ids repeat") }
        guard jwtLifetimeSeconds > 0 else { throw fail("jwtLifetimeSeconds must be positive") }
        for deployment in deployments {
            guard !deployment.id.isEmpty else { throw fail("a deployment id is empty") }
            guard deployment.maxFileSizeKB > 0, deployment.maxCustomDataBytes >= 0, deployment.maxMessageLength > 0
            else { throw fail("deployment \(deployment.id): limits must be positive") }
            guard deployment.inactivityExpirySeconds > 0 else {
                throw fail("deployment \(deployment.id): inactivityExpirySeconds must be positive")
            }
            guard deployment.rateLimit.maxRequests > 0, deployment.rateLimit.windowSeconds > 0 else {
                throw fail("deployment \(deployment.id): rate limit must be positive")
            }
        }
        guard platform.tokenLifetimeSeconds > 0 else { throw fail("platform.tokenLifetimeSeconds must be positive") }
        let ruleNames = platform.triggerRules.map(\.name)
        guard Set(ruleNames).count == ruleNames.count else { throw fail("platform.triggerRules names repeat") }
        for action in platform.callableDataActions {
            let url = action.requestUrlTemplate.lowercased()
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw fail("platform Data Action \(action.name): requestUrlTemplate must be an http(s) URL")
            }
        }
    }
}
