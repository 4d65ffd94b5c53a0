/// How a ``GatewayUploader`` talks to the gateway and the object store.
public struct GatewayUploaderConfiguration: Sendable, Equatable {
    /// The gateway's base URL (`http://127.0.0.1:8080` under `attache dev`).
    public var gatewayURL: String
    /// Parts in flight at once (default 4: enough to fill a home uplink, few enough not to
    /// starve the conversation's socket; S3 itself allows far more).
    public var concurrency: Int
    /// Retries of one part PUT or gateway call: full-jitter exponential backoff (default base
    /// 250 ms, cap 15 s, 6 attempts in all).
    public var retry: ReconnectPolicy
    /// How often ``GatewayUploader/waitForFinalState(fileId:)`` asks for the state.
    public var statusPollInterval: Duration

    /// Creates a configuration.
    public init(
        gatewayURL: String = "http://127.0.0.1:8080",
        concurrency: Int = 4,
        retry: ReconnectPolicy = ReconnectPolicy(base: .milliseconds(250), cap: .seconds(15), maxAttempts: 6),
        statusPollInterval: Duration = .milliseconds(250)
    ) {
        self.gatewayURL = gatewayURL
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.statusPollInterval = statusPollInterval
    }
}
