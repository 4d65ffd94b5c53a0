import Foundation

/// Where the browser guest UI served at `/` connects: the Genesys web messaging deployment, its
/// guest WebSocket and the API base its history endpoint lives under.
///
/// - `ATTACHE_GUEST_DEPLOYMENT_ID`: the Messenger deployment id (`configureSession`'s `deploymentId`).
/// - `ATTACHE_GUEST_WEBSOCKET_URL`: `wss://webmessaging.{region}/v1` (or the sandbox's `ws://HOST:PORT/v1`).
/// - `ATTACHE_GUEST_API_URL`: `https://api.{region}` (or the sandbox's `http://HOST:PORT`); the page
///   reads history from `{apiURL}/api/v2/webmessaging/messages`.
///
/// `attache dev` fills all three from the sandbox. Unset, the page's `GET /v1/guest/config` answers
/// 503 naming the variables to set.
public struct GuestUIConfiguration: Sendable, Equatable {
    /// The Messenger deployment id, or `nil` when not configured.
    public var deploymentId: String?
    /// The guest WebSocket URL (`ws://` or `wss://`, without the `deploymentId` query), or `nil`.
    public var webSocketURL: String?
    /// The Genesys API base URL (`http://` or `https://`, no trailing slash), or `nil`.
    public var apiURL: String?

    /// The environment variable names, in the order they are reported when missing.
    public enum Names {
        /// The deployment id's variable.
        public static let deploymentId = "ATTACHE_GUEST_DEPLOYMENT_ID"
        /// The WebSocket URL's variable.
        public static let webSocketURL = "ATTACHE_GUEST_WEBSOCKET_URL"
        /// The API URL's variable.
        public static let apiURL = "ATTACHE_GUEST_API_URL"
    }

    /// Creates a configuration directly (nothing is validated).
    public init(deploymentId: String? = nil, webSocketURL: String? = nil, apiURL: String? = nil) {
        self.deploymentId = deploymentId
        self.webSocketURL = webSocketURL
        self.apiURL = apiURL
    }

    init(reader: ConfigurationReader) throws(ConfigurationError) {
        if let (value, origin) = reader.layers.lookup(Names.deploymentId) {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard Self.isDeploymentId(trimmed) else {
                throw .invalidValue(
                    name: Names.deploymentId, value: value, origin: origin,
                    expected: "a Messenger deployment id (letters, digits, '-', '_' or '.', at most 128)")
            }
            deploymentId = trimmed
        }
        webSocketURL = try Self.url(Names.webSocketURL, schemes: ["ws", "wss"], reader: reader)
        apiURL = try Self.url(Names.apiURL, schemes: ["http", "https"], reader: reader)
    }

    /// The variables still unset, in documentation order (empty when the UI is configured).
    public var missingVariables: [String] {
        [
            (Names.deploymentId, deploymentId), (Names.webSocketURL, webSocketURL), (Names.apiURL, apiURL),
        ].filter { $0.1 == nil }.map(\.0)
    }

    /// Whether every value is set.
    public var isComplete: Bool { missingVariables.isEmpty }

    /// A deployment id: 1–128 ASCII letters, digits, `-`, `_` or `.` (Genesys uses UUIDs).
    static func isDeploymentId(_ value: String) -> Bool {
        (1...128).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }

    /// A URL with one of `schemes`, a host, no query, fragment or credentials; a trailing `/` is
    /// dropped.
    static func url(
        _ name: String, schemes: [String], reader: ConfigurationReader
    ) throws(ConfigurationError) -> String? {
        guard let (raw, origin) = reader.layers.lookup(name) else { return nil }
        var value = raw.trimmingCharacters(in: .whitespaces)
        while value.hasSuffix("/") { value.removeLast() }
        let expected = schemes.map { "a \($0):// URL" }.joined(separator: " or ") + " with a host"
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            schemes.contains(scheme), let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil,
            !value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == ";" })
        else {
            throw .invalidValue(name: name, value: raw, origin: origin, expected: expected)
        }
        return value
    }
}
