import Foundation

/// Where and as whom ``GenesysPlatformClient`` calls Genesys Cloud.
///
/// Genesys Cloud serves its Platform API on `https://api.{region}` and its OAuth token endpoint on
/// `https://login.{region}`; the sandbox serves both on one base URL. ``init(apiBaseURL:clientID:clientSecret:tokenURL:)``
/// derives the token URL from the API base accordingly.
public struct GenesysClientConfiguration: Sendable, Equatable {
    /// The Platform API base, e.g. `https://api.mypurecloud.com` or the sandbox's `http://127.0.0.1:8081`
    /// (no trailing slash).
    public var apiBaseURL: String
    /// The OAuth token endpoint, e.g. `https://login.mypurecloud.com/oauth/token`.
    public var tokenURL: String
    /// The OAuth client id (client credentials grant).
    public var clientID: String
    /// The OAuth client secret (never logged, never part of an error message).
    public var clientSecret: String
    /// How long one HTTP request may take.
    public var requestTimeout: Duration
    /// How long before its expiry a cached token is replaced (capped at half the token's lifetime).
    public var refreshMargin: Duration
    /// The largest response body read, in bytes.
    public var maxResponseBytes: Int

    /// Creates a configuration.
    /// - Parameters:
    ///   - apiBaseURL: the Platform API base URL.
    ///   - clientID: the OAuth client id.
    ///   - clientSecret: the OAuth client secret.
    ///   - tokenURL: the token endpoint; `nil` derives it with ``tokenURL(forAPIBase:)``.
    ///   - requestTimeout: per-request timeout (default 10 s).
    ///   - refreshMargin: how early a token is replaced (default 60 s).
    public init(
        apiBaseURL: String,
        clientID: String,
        clientSecret: String,
        tokenURL: String? = nil,
        requestTimeout: Duration = .seconds(10),
        refreshMargin: Duration = .seconds(60)
    ) {
        let base = Self.trimmingTrailingSlashes(apiBaseURL)
        self.apiBaseURL = base
        self.tokenURL = tokenURL ?? Self.tokenURL(forAPIBase: base)
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.requestTimeout = requestTimeout
        self.refreshMargin = refreshMargin
        self.maxResponseBytes = 4 << 20
    }

    /// The OAuth token endpoint that belongs to a Platform API base: `https://api.{region}` becomes
    /// `https://login.{region}/oauth/token`, as Genesys Cloud's regions are laid out; any other
    /// base (the sandbox, a proxy) keeps its host and path and gets `/oauth/token` appended.
    public static func tokenURL(forAPIBase apiBaseURL: String) -> String {
        let base = trimmingTrailingSlashes(apiBaseURL)
        guard var components = URLComponents(string: base), let host = components.host,
            host.lowercased().hasPrefix("api.")
        else {
            return base + "/oauth/token"
        }
        components.host = "login." + host.dropFirst("api.".count)
        components.path = "/oauth/token"
        components.query = nil
        return components.string ?? base + "/oauth/token"
    }

    static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
