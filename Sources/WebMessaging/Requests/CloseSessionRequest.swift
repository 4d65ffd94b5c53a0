/// `closeSession`: close the session; with ``closeAllConnections`` the token's other sockets get
/// a `ConnectionClosedEvent` and this one a `SessionResponse{connected:false}`.
public struct CloseSessionRequest: Sendable, Equatable, Codable {
    /// The guest's session token.
    public var token: String
    /// Close every connection of this token.
    public var closeAllConnections: Bool
    /// The request's tracing id.
    public var tracingId: String?

    /// Creates the request.
    public init(token: String, closeAllConnections: Bool = true, tracingId: String? = nil) {
        self.token = token
        self.closeAllConnections = closeAllConnections
        self.tracingId = tracingId
    }
}
