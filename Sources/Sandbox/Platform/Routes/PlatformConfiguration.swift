/// The platform side's settings: trigger rules, Data Actions callable by id, OAuth token lifetime
/// and the agent console's Interaction Widget.
///
/// Decodable from JSON with every field optional (the sandbox configuration file's `platform`
/// member).
public struct PlatformConfiguration: Sendable, Equatable, Codable {
    /// Rules run against every inbound guest message (the Architect stand-in).
    public var triggerRules: [TriggerRule]
    /// Extra Data Actions callable through `POST /api/v2/integrations/actions/{actionId}/execute`
    /// (the rules' actions are callable too).
    public var dataActions: [DataAction]
    /// How long an OAuth token lives, in seconds (Genesys's default: 86 400).
    public var tokenLifetimeSeconds: Int
    /// The Interaction Widget URL template the agent console embeds per conversation, e.g.
    /// `http://127.0.0.1:8080/agent-widget/?conversationId={{gcConversationId}}&userId={{gcUserId}}`;
    /// `nil` shows no widget.
    public var widgetURLTemplate: String?
    /// What `{{gcTargetEnv}}` becomes (a Genesys region domain).
    public var targetEnvironment: String
    /// What `{{gcLangTag}}` becomes.
    public var languageTag: String
    /// Browser apps that may get user tokens from `GET /oauth/authorize` (the widget's client).
    public var implicitGrantClients: [ImplicitGrantClient]

    /// Creates a platform configuration.
    public init(
        triggerRules: [TriggerRule] = [],
        dataActions: [DataAction] = [],
        tokenLifetimeSeconds: Int = 86_400,
        widgetURLTemplate: String? = nil,
        targetEnvironment: String = "mypurecloud.com",
        languageTag: String = "en-us",
        implicitGrantClients: [ImplicitGrantClient] = []
    ) {
        self.triggerRules = triggerRules
        self.dataActions = dataActions
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.widgetURLTemplate = widgetURLTemplate
        self.targetEnvironment = targetEnvironment
        self.languageTag = languageTag
        self.implicitGrantClients = implicitGrantClients
    }

    enum CodingKeys: String, CodingKey {
        case triggerRules, dataActions, tokenLifetimeSeconds, widgetURLTemplate, targetEnvironment, languageTag
        case implicitGrantClients
    }

    /// Decodes a configuration; every missing field takes its default.
    /// - Throws: `DecodingError` when a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PlatformConfiguration()
        triggerRules = try container.decodeIfPresent([TriggerRule].self, forKey: .triggerRules) ?? []
        dataActions = try container.decodeIfPresent([DataAction].self, forKey: .dataActions) ?? []
        tokenLifetimeSeconds =
            try container.decodeIfPresent(Int.self, forKey: .tokenLifetimeSeconds)
            ?? defaults.tokenLifetimeSeconds
        widgetURLTemplate = try container.decodeIfPresent(String.self, forKey: .widgetURLTemplate)
        targetEnvironment =
            try container.decodeIfPresent(String.self, forKey: .targetEnvironment)
            ?? defaults.targetEnvironment
        languageTag = try container.decodeIfPresent(String.self, forKey: .languageTag) ?? defaults.languageTag
        implicitGrantClients =
            try container.decodeIfPresent([ImplicitGrantClient].self, forKey: .implicitGrantClients) ?? []
    }

    /// Every Data Action callable by id: the configured ones, then the rules' (first id wins).
    public var callableDataActions: [DataAction] {
        var seen = Set<String>()
        return (dataActions + triggerRules.map(\.dataAction)).filter { seen.insert($0.id).inserted }
    }
}
