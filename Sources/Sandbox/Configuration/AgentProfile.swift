/// An agent known to the sandbox (a Genesys user who can accept conversations).
public struct AgentProfile: Sendable, Equatable, Hashable, Codable {
    /// The user id (a UUID in Genesys).
    public var id: String
    /// The display name shown to guests.
    public var name: String
    /// The e-mail / login name.
    public var email: String?

    /// Creates an agent.
    public init(id: String, name: String, email: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
    }

    /// The agent the default configuration ships with.
    public static let defaultAgent = AgentProfile(
        id: "5a4db0c5-0000-4000-8000-000000000001",
        name: "Sandbox Agent",
        email: "agent@sandbox.invalid"
    )
}
