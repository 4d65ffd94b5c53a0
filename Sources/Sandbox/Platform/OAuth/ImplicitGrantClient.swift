/// An OAuth client of the implicit grant ("Token Implicit Grant (Browser)" in Genesys Cloud): a
/// browser app, such as the agent preview widget, that gets a user token from
/// `GET /oauth/authorize` at one of its registered redirect URIs.
public struct ImplicitGrantClient: Sendable, Equatable, Hashable, Codable {
    /// The client id.
    public var id: String
    /// The authorized redirect URIs; `redirect_uri` must equal one of them exactly.
    public var redirectURIs: [String]

    /// Creates a client.
    public init(id: String, redirectURIs: [String]) {
        self.id = id
        self.redirectURIs = redirectURIs
    }

    /// The client `attache dev` registers for the gateway's widget.
    public static let attacheWidgetId = "attache-widget-client"
}
