/// A sandbox stand-in for an Architect inbound message flow step: when a guest message matches
/// ``condition``, call ``dataAction`` with the message's facts as inputs.
public struct TriggerRule: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A human name, shown in the trigger log.
    public var name: String
    /// When the rule fires.
    public var condition: TriggerCondition
    /// The Data Action to call.
    public var dataAction: DataAction

    /// Creates a rule.
    public init(name: String, condition: TriggerCondition, dataAction: DataAction) {
        self.name = name
        self.condition = condition
        self.dataAction = dataAction
    }

    /// `TriggerRule(name → action)`; never shows headers or credentials.
    public var description: String { "TriggerRule(\(name) → \(dataAction))" }

    /// The rules that fire for a message, in configuration order. Pure.
    public static func matching(_ rules: [TriggerRule], facts: TriggerFacts) -> [TriggerRule] {
        rules.filter { $0.condition.matches(facts) }
    }

    /// Attaché's two standard rules, calling a gateway's Data Action endpoints as the Architect
    /// inbound message flow in docs/genesys-setup.md does:
    /// - the first guest message registers the conversation:
    ///   `POST {gateway}/v1/data-actions/register-conversation`
    ///   `{"conversationId", "guestId": customAttributes.attacheGuestId}`;
    /// - each message containing `keyword` asks for a link for the connected agent:
    ///   `POST {gateway}/v1/data-actions/file-link`
    ///   `{"conversationId", "userId": agentUserId ("" when no agent is connected), "fileId": metadata.attacheFileId}`.
    ///
    /// Both send the shared secret in `secretHeader`.
    /// - Parameters:
    ///   - gatewayURL: the gateway's base URL, e.g. `http://127.0.0.1:8080`.
    ///   - secret: the Data Action shared secret (`ATTACHE_DATA_ACTION_SECRET`).
    ///   - secretHeader: the header carrying it.
    ///   - keyword: the upload keyword.
    public static func attacheDefaults(
        gatewayURL: String,
        secret: String,
        secretHeader: String = "X-Attache-Data-Action-Secret",
        keyword: String = "S3_FILE_UPLOADED"
    ) -> [TriggerRule] {
        let base = gatewayURL.hasSuffix("/") ? String(gatewayURL.dropLast()) : gatewayURL
        func action(_ name: String, _ path: String, _ template: String) -> DataAction {
            DataAction(
                name: name,
                requestUrlTemplate: base + path,
                headers: [secretHeader: "${credentials.secret}"],
                requestTemplate: template,
                credentials: ["secret": secret]
            )
        }
        return [
            TriggerRule(
                name: "register-conversation",
                condition: .firstMessage,
                dataAction: action(
                    "Attaché register conversation", "/v1/data-actions/register-conversation",
                    registerConversationTemplate)
            ),
            TriggerRule(
                name: "file-link",
                condition: .textContains(keyword),
                dataAction: action("Attaché file link", "/v1/data-actions/file-link", fileLinkTemplate)
            ),
        ]
    }

    /// The body of Attaché's register-conversation call.
    public static let registerConversationTemplate = """
        {"conversationId": "$esc.jsonString(${input.conversationId})", \
        "guestId": "$esc.jsonString($!{input.customAttributes.attacheGuestId})"}
        """

    /// The body of Attaché's file-link call.
    public static let fileLinkTemplate = """
        {"conversationId": "$esc.jsonString(${input.conversationId})", \
        "userId": "$esc.jsonString($!{input.agentUserId})", \
        "fileId": "$esc.jsonString($!{input.metadata.attacheFileId})"}
        """
}
