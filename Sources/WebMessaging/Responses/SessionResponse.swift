/// `SessionResponse`: the answer to `configureSession`, `configureAuthenticatedSession` and
/// `closeSession`.
public struct SessionResponse: Sendable, Equatable, Codable {
    /// Whether the session is connected.
    public var connected: Bool
    /// Whether a new conversation was started.
    public var newSession: Bool?
    /// Whether the conversation is read-only (disconnected by the contact center).
    public var readOnly: Bool?
    /// The cap on custom attributes, in bytes.
    public var maxCustomDataBytes: Int?
    /// What the guest may attach natively.
    public var allowedMedia: AllowedMedia?
    /// File extensions that are refused, with the dot (`.exe`).
    public var blockedExtensions: [String]?
    /// Whether an existing session was cleared.
    public var clearedExistingSession: Bool?
    /// Session length in seconds (authenticated sessions).
    public var durationSeconds: Int?
    /// Session expiry, epoch seconds (authenticated sessions).
    public var expirationDate: Int?

    /// Creates a session response.
    public init(
        connected: Bool,
        newSession: Bool? = nil,
        readOnly: Bool? = nil,
        maxCustomDataBytes: Int? = nil,
        allowedMedia: AllowedMedia? = nil,
        blockedExtensions: [String]? = nil,
        clearedExistingSession: Bool? = nil,
        durationSeconds: Int? = nil,
        expirationDate: Int? = nil
    ) {
        self.connected = connected
        self.newSession = newSession
        self.readOnly = readOnly
        self.maxCustomDataBytes = maxCustomDataBytes
        self.allowedMedia = allowedMedia
        self.blockedExtensions = blockedExtensions
        self.clearedExistingSession = clearedExistingSession
        self.durationSeconds = durationSeconds
        self.expirationDate = expirationDate
    }

    /// Whether the conversation is read-only (`readOnly == true`).
    public var isReadOnly: Bool { readOnly ?? false }

    /// Whether a new conversation was started (`newSession == true`).
    public var isNewSession: Bool { newSession ?? false }
}
