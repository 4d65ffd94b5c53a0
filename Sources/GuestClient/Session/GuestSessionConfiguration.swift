/// Where and how a ``GuestSession`` connects.
public struct GuestSessionConfiguration: Sendable, Equatable {
    /// The Messenger deployment id.
    public var deploymentId: String
    /// The guest WebSocket URL without query, e.g. `wss://webmessaging.mypurecloud.com/v1`.
    public var webSocketBaseURL: String
    /// The platform API base for history, e.g. `https://api.mypurecloud.com`.
    public var apiBaseURL: String
    /// How often to send an `echo` when the socket is otherwise quiet (the Genesys transport
    /// SDK's health check allows one every 30 s).
    public var heartbeatInterval: Duration
    /// A socket with no frame at all for this long is dead (longer than the heartbeat interval).
    public var deadSocketTimeout: Duration
    /// How long to wait for the `SessionResponse` (and other answers) before giving up on a socket.
    public var responseTimeout: Duration
    /// Reconnection backoff.
    public var reconnect: ReconnectPolicy
    /// History pages fetched at most after a reconnect (25 messages each).
    public var maxHistoryPages: Int
    /// How long a native attachment request (`onAttachment`, `getAttachment`,
    /// `deleteAttachment`) may wait for its answer, waiting for a connection included (a request
    /// cut off with its socket is sent again on the next); and how long the upload may wait for
    /// the server's verdict after its PUT (the server may scan the file first).
    public var attachmentTimeout: Duration

    /// A deployment in a Genesys Cloud region, e.g. `mypurecloud.com`, `mypurecloud.de`.
    public static func region(_ domain: String, deploymentId: String) -> GuestSessionConfiguration {
        GuestSessionConfiguration(
            deploymentId: deploymentId,
            webSocketBaseURL: "wss://webmessaging.\(domain)/v1",
            apiBaseURL: "https://api.\(domain)"
        )
    }

    /// A custom server (the sandbox): `http://127.0.0.1:8081` serves both the WebSocket at
    /// `/v1` and the history API.
    public static func custom(baseURL: String, deploymentId: String) -> GuestSessionConfiguration {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let socket =
            base.hasPrefix("https://")
            ? "wss://" + base.dropFirst("https://".count)
            : base.hasPrefix("http://") ? "ws://" + base.dropFirst("http://".count) : base
        return GuestSessionConfiguration(deploymentId: deploymentId, webSocketBaseURL: socket + "/v1", apiBaseURL: base)
    }

    /// Creates a configuration.
    public init(
        deploymentId: String,
        webSocketBaseURL: String,
        apiBaseURL: String,
        heartbeatInterval: Duration = .seconds(30),
        deadSocketTimeout: Duration = .seconds(75),
        responseTimeout: Duration = .seconds(15),
        reconnect: ReconnectPolicy = ReconnectPolicy(),
        maxHistoryPages: Int = 8,
        attachmentTimeout: Duration = .seconds(120)
    ) {
        self.deploymentId = deploymentId
        self.webSocketBaseURL = webSocketBaseURL
        self.apiBaseURL = apiBaseURL
        self.heartbeatInterval = heartbeatInterval
        self.deadSocketTimeout = deadSocketTimeout
        self.responseTimeout = responseTimeout
        self.reconnect = reconnect
        self.maxHistoryPages = maxHistoryPages
        self.attachmentTimeout = attachmentTimeout
    }

    /// The URL a socket opens: the base with `?deploymentId=`.
    public var webSocketURL: String {
        let encoded = deploymentId.addingPercentEncodingForQuery()
        return webSocketBaseURL + "?deploymentId=" + encoded
    }
}

extension String {
    fileprivate func addingPercentEncodingForQuery() -> String {
        var output = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
