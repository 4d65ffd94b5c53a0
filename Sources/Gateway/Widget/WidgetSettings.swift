import Foundation

/// What the agent preview widget needs from the configuration: how it signs the agent in
/// (implicit grant), which pages may frame it, and where previews load from.
public struct WidgetSettings: Sendable, Equatable {
    /// The OAuth client id (implicit grant); `nil` leaves the widget unable to sign in.
    public var clientId: String?
    /// The login service's authorize endpoint, e.g. `https://login.mypurecloud.com/oauth/authorize`.
    public var authorizeURL: String?
    /// CSP `frame-ancestors` sources.
    public var frameAncestors: [String]
    /// Origins the object store's download links use, allowed for images, media and frames
    /// besides `'self'`.
    public var mediaOrigins: [String]

    /// Creates settings; the defaults can sign no one in and allow Agent Workspace as ancestor.
    public init(
        clientId: String? = nil,
        authorizeURL: String? = nil,
        frameAncestors: [String] = GatewayConfiguration.Defaults.widgetFrameAncestors,
        mediaOrigins: [String] = []
    ) {
        self.clientId = clientId
        self.authorizeURL = authorizeURL
        self.frameAncestors = frameAncestors
        self.mediaOrigins = mediaOrigins
    }

    /// The settings a gateway configuration implies.
    public init(configuration: GatewayConfiguration) {
        self.init(
            clientId: configuration.widgetClientID,
            authorizeURL: configuration.genesysURL.map { Self.loginBase(forAPIBase: $0) + "/oauth/authorize" },
            frameAncestors: configuration.widgetFrameAncestors,
            mediaOrigins: Self.mediaOrigins(configuration)
        )
    }

    /// The login service's base for a platform API base: `https://api.X` → `https://login.X`;
    /// any other host (the sandbox) serves both.
    public static func loginBase(forAPIBase base: String) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let host = components.host else { return trimmed }
        guard host.hasPrefix("api.") else { return trimmed }
        var login = components
        login.host = "login." + host.dropFirst("api.".count)
        return login.string ?? trimmed
    }

    /// The origins download links come from: the custom S3 endpoint, or AWS's virtual-hosted and
    /// path-style hosts of the clean bucket; the embedded store's own base URL.
    static func mediaOrigins(_ configuration: GatewayConfiguration) -> [String] {
        switch configuration.store {
        case .local:
            return [origin(of: configuration.baseURL())].compactMap { $0 }
        case .s3:
            if let endpoint = configuration.aws.s3Endpoint {
                return [origin(of: endpoint)].compactMap { $0 }
            }
            let region = configuration.aws.region
            var origins = ["https://s3.\(region).amazonaws.com"]
            if let bucket = configuration.cleanBucket {
                origins.insert("https://\(bucket).s3.\(region).amazonaws.com", at: 0)
            }
            return origins
        }
    }

    /// `scheme://host[:port]` of a URL.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            let host = components.host, !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
