import Foundation
import Hummingbird
import Logging

/// The platform side of the sandbox: OAuth, the Conversations API subset, Data Actions and trigger
/// rules, and the agent console, all working on one ``SandboxState``.
///
/// Mount it on the sandbox router with ``register(on:)`` and run ``runTriggers()`` (or
/// ``triggerService``) alongside the server.
public struct SandboxPlatform: Sendable {
    /// The shared sandbox state.
    public let state: SandboxState
    /// The platform settings.
    public let configuration: PlatformConfiguration
    /// Issues and checks OAuth tokens.
    public let tokens: TokenIssuer
    /// Recent trigger firings.
    public let triggerLog: TriggerLog
    /// Runs the trigger rules.
    public let triggers: TriggerEngine
    /// Signed-in agents of the console.
    public let agents: AgentDirectory
    let caller: DataActionCaller
    let logger: Logger

    /// Creates the platform side.
    /// - Parameters:
    ///   - state: the shared state.
    ///   - configuration: trigger rules, Data Actions, token lifetime, widget template.
    ///   - oauthClients: the OAuth clients `/oauth/token` accepts (the sandbox configuration's).
    ///   - caller: sends Data Action requests.
    ///   - logger: for trigger firings and refusals (never secrets or bodies).
    public init(
        state: SandboxState,
        configuration: PlatformConfiguration = PlatformConfiguration(),
        oauthClients: [OAuthClient],
        caller: DataActionCaller = DataActionCaller(),
        logger: Logger
    ) {
        self.state = state
        self.configuration = configuration
        let lifetime = Duration.seconds(max(1, configuration.tokenLifetimeSeconds))
        self.tokens = TokenIssuer(clients: oauthClients, lifetime: lifetime)
        self.triggerLog = TriggerLog()
        self.triggers = TriggerEngine(
            rules: configuration.triggerRules, log: triggerLog, caller: caller, logger: logger
        )
        self.agents = AgentDirectory(configured: state.configuration.agents)
        self.caller = caller
        self.logger = logger
    }

    /// Mounts every platform route: `/oauth/token`, `/oauth/authorize`, `/api/v2/users/me`,
    /// `/api/v2/conversations/…`,
    /// `/api/v2/integrations/actions/{actionId}/execute`, `/api/v2/sandbox/trigger-log`, the agent
    /// console at `/agent` and its JSON routes under `/api/v2/sandbox/agent/`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        OAuthRoutes(tokens: tokens).register(on: router)
        AuthorizeRoutes(platform: self).register(on: router)
        UsersMeRoute(platform: self).register(on: router)
        ConversationRoutes(platform: self).register(on: router)
        DataActionRoutes(platform: self).register(on: router)
        AgentRoutes(platform: self).register(on: router)
        AgentConsoleAssets.register(on: router)
    }

    /// Runs the trigger rules on every inbound guest message until the task is cancelled.
    public func runTriggers() async {
        await triggers.run(state: state)
    }
}
