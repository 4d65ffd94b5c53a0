extension PlatformConfiguration {
    /// The widget URL template Agent Workspace would be configured with for Attaché's gateway.
    public static func attacheWidgetTemplate(gatewayURL: String) -> String {
        trimmed(gatewayURL)
            + "/widget/?conversationId={{gcConversationId}}&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}"
    }

    /// Embeds the gateway's agent preview widget in the console, as an Interaction Widget is set up
    /// in Genesys Cloud: the widget URL template (unless one is configured) and the widget's
    /// implicit-grant OAuth client, redirecting to `{gateway}/widget/`.
    /// - Parameters:
    ///   - gatewayURL: the gateway's base URL.
    ///   - clientId: the widget's OAuth client id.
    public mutating func embedAttacheWidget(
        gatewayURL: String, clientId: String = ImplicitGrantClient.attacheWidgetId
    ) {
        if widgetURLTemplate == nil {
            widgetURLTemplate = Self.attacheWidgetTemplate(gatewayURL: gatewayURL)
        }
        let redirect = Self.trimmed(gatewayURL) + "/widget/"
        if let index = implicitGrantClients.firstIndex(where: { $0.id == clientId }) {
            if !implicitGrantClients[index].redirectURIs.contains(redirect) {
                implicitGrantClients[index].redirectURIs.append(redirect)
            }
        } else {
            implicitGrantClients.append(ImplicitGrantClient(id: clientId, redirectURIs: [redirect]))
        }
    }

    private static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
