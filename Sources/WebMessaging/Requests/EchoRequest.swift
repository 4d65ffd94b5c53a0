/// `echo`: the application-level heartbeat; the server answers with a `StructuredMessage` whose
/// text is `ping` and whose `tracingId` is this request's.
public struct EchoRequest: Sendable, Equatable, Codable {
    /// The tracing id the official SDKs use for heartbeats (base64 of `HealthCheckMessageId`).
    public static let healthCheckTracingId = "SGVhbHRoQ2hlY2tNZXNzYWdlSWQ="

    /// The guest's session token (older clients omit it).
    public var token: String?
    /// The message: `{"type":"Text","text":"ping"}`.
    public var message: GuestMessage
    /// The request's tracing id.
    public var tracingId: String?

    /// Creates a heartbeat.
    public init(
        token: String?,
        message: GuestMessage = GuestMessage(type: .text, text: "ping"),
        tracingId: String? = EchoRequest.healthCheckTracingId
    ) {
        self.token = token
        self.message = message
        self.tracingId = tracingId
    }
}
