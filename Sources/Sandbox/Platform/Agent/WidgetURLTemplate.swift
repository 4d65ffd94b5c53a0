import Foundation

/// An Interaction Widget URL template, filled the way Agent Workspace fills it for each
/// interaction: `{{name}}` placeholders replaced by percent-encoded values.
///
/// Genesys placeholders (seen in published Interaction Widget configurations):
/// `{{gcConversationId}}`, `{{gcHostOrigin}}`, `{{gcTargetEnv}}`, `{{gcLangTag}}`,
/// `{{gcUseDarkTheme}}`, `{{gcUsePopupAuth}}`, and the legacy `{{pcConversationId}}`,
/// `{{pcEnvironment}}`, `{{pcLangTag}}`. **Sandbox extension:** `{{gcUserId}}` (the signed-in
/// agent's user id). Genesys documents no user-id placeholder; a real widget learns its user from
/// its own OAuth token (`GET /api/v2/users/me`). Unknown placeholders are left as they are.
public struct WidgetURLTemplate: Sendable, Equatable, Codable {
    /// The template text, e.g. `http://127.0.0.1:8080/widget/?conversationId={{gcConversationId}}`.
    public var template: String

    /// Creates a template.
    public init(_ template: String) {
        self.template = template
    }

    /// What one interaction fills in.
    public struct Context: Sendable, Equatable {
        /// The conversation id.
        public var conversationId: String
        /// The agent's user id.
        public var userId: String
        /// The origin of the hosting page, e.g. `http://127.0.0.1:8081`.
        public var hostOrigin: String
        /// The environment (region domain), e.g. `mypurecloud.com`.
        public var targetEnvironment: String
        /// The agent's language tag, e.g. `en-us`.
        public var languageTag: String
        /// Whether the agent uses the dark theme.
        public var usesDarkTheme: Bool

        /// Creates a context.
        public init(
            conversationId: String,
            userId: String,
            hostOrigin: String,
            targetEnvironment: String = "mypurecloud.com",
            languageTag: String = "en-us",
            usesDarkTheme: Bool = false
        ) {
            self.conversationId = conversationId
            self.userId = userId
            self.hostOrigin = hostOrigin
            self.targetEnvironment = targetEnvironment
            self.languageTag = languageTag
            self.usesDarkTheme = usesDarkTheme
        }

        /// Placeholder name → value.
        var values: [String: String] {
            [
                "gcConversationId": conversationId,
                "pcConversationId": conversationId,
                "gcUserId": userId,
                "gcHostOrigin": hostOrigin,
                "gcTargetEnv": targetEnvironment,
                "pcEnvironment": targetEnvironment,
                "gcLangTag": languageTag,
                "pcLangTag": languageTag,
                "gcUseDarkTheme": usesDarkTheme ? "true" : "false",
                "gcUsePopupAuth": "false",
            ]
        }
    }

    /// The URL for one interaction. Pure.
    public func fill(_ context: Context) -> String {
        let values = context.values
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let value = values[name] {
                output += Self.encode(value)
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        output += rest
        return output
    }

    /// Percent-encodes a value for any URL component (RFC 3986 unreserved characters stay).
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
