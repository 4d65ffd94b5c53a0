import Crypto
import Foundation

/// The agents of the console: configured ones, and any name signed in (the sandbox has no
/// passwords; it is a local stand-in).
public actor AgentDirectory {
    private let configured: [AgentProfile]
    /// The sign-in cookie the console sets and `/oauth/authorize` reads.
    public nonisolated let cookies = AgentSessionCookie()
    private var signedIn: [String: AgentProfile] = [:]

    /// Creates a directory.
    /// - Parameter configured: the agents from the sandbox configuration.
    public init(configured: [AgentProfile]) {
        self.configured = configured
    }

    /// Signs an agent in by display name: a configured agent with that name (case-insensitive),
    /// or a new profile whose user id is derived from the name (stable across restarts).
    /// - Returns: the profile, or `nil` for an empty or over-long name.
    public func signIn(name: String) -> AgentProfile? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 80 else { return nil }
        let profile =
            configured.first { $0.name.lowercased() == trimmed.lowercased() }
            ?? AgentProfile(id: Self.userId(forName: trimmed), name: trimmed)
        signedIn[profile.id] = profile
        return profile
    }

    /// The profile with this user id (configured or signed in).
    public func profile(userId: String) -> AgentProfile? {
        signedIn[userId] ?? configured.first { $0.id == userId }
    }

    /// A UUID-shaped user id derived from a display name.
    static func userId(forName name: String) -> String {
        let digest = Array(SHA256.hash(data: Data("attache-sandbox-agent:\(name.lowercased())".utf8)).prefix(16))
        return ParticipantRecord.uuidString(digest)
    }
}
