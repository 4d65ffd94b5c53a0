/// The Genesys Cloud Interaction Widget that shows the agent preview widget next to a
/// conversation in Agent Workspace.
///
/// Two documents, both Platform API payloads an admin can also type into the UI:
/// - ``integrationDocument``: `POST /api/v2/integrations` creates the integration instance of type
///   `embedded-client-app-interaction-widget`;
/// - ``configurationDocument``: `PUT /api/v2/integrations/{integrationId}/config/current` sets its
///   application URL, iframe sandbox, permissions policy and filters.
/// Sources are listed in `docs/genesys-setup.md`.
public struct InteractionWidgetConfiguration: Sendable, Equatable {
    /// The integration type id of an Interaction Widget.
    public static let integrationType = "embedded-client-app-interaction-widget"
    /// The name agents see on the widget's tab.
    public static let name = "Attache Files"
    /// HTML iframe sandbox tokens: the widget runs scripts, talks to its own origin, opens the
    /// Genesys login (implicit grant) and downloads files.
    public static let sandbox = "allow-scripts,allow-same-origin,allow-forms,allow-popups,allow-downloads"
    /// Permissions policy features: full screen for PDF and video previews only.
    public static let permissions = "fullscreen"

    /// The gateway's public URL.
    public var publicURL: GenesysPublicURL

    /// Creates the configuration for a gateway.
    public init(publicURL: GenesysPublicURL) {
        self.publicURL = publicURL
    }

    /// The application URL template; Genesys substitutes the `{{gc…}}` placeholders per interaction.
    public var urlTemplate: String {
        publicURL.appending(
            "/widget/?conversationId={{gcConversationId}}&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}")
    }

    /// The redirect URI to authorize on the widget's implicit-grant OAuth client: the widget sends
    /// the agent's browser back to `/widget/` at the root of the gateway's origin.
    public var oauthRedirectURI: String { publicURL.origin + "/widget/" }

    /// The body of `POST /api/v2/integrations`.
    public var integrationDocument: ExportJSON {
        .object([
            ("name", .string(Self.name)),
            ("integrationType", .object([("id", .string(Self.integrationType))])),
        ])
    }

    /// The body of `PUT /api/v2/integrations/{integrationId}/config/current` (version 1 is the
    /// first update of a new integration). `groups` and `queueIdFilterList` are left empty: fill in
    /// the ids of the agent groups and queues that may see the widget.
    public var configurationDocument: ExportJSON {
        .object([
            ("name", .string(Self.name)),
            ("version", .integer(1)),
            ("notes", .string("Attache agent preview widget: files of this conversation, opened just in time.")),
            (
                "properties",
                .object([
                    ("url", .string(urlTemplate)),
                    ("sandbox", .string(Self.sandbox)),
                    ("permissions", .string(Self.permissions)),
                    ("groups", .array([])),
                    ("queueIdFilterList", .array([])),
                    ("communicationTypeFilter", .string("")),
                ])
            ),
            ("advanced", .object([])),
            ("credentials", .object([])),
        ])
    }
}
