import Crypto
import Foundation

/// Turns an agent's own Genesys access token into the user id it belongs to
/// (`GET /api/v2/users/me`), remembering answers briefly by the token's SHA-256 so a widget
/// session does not ask Genesys on every click. Tokens themselves are never stored or logged.
public actor AgentTokenResolver {
    /// Why a token could not be resolved.
    public enum Failure: Error, Sendable, Equatable {
        /// Genesys rejected the token (or it is not a token at all).
        case rejected
        /// Genesys could not be asked.
        case unavailable(String)
    }

    private struct Entry {
        var userId: String?
        var expiresAt: Date
    }

    private let genesys: (any GenesysPlatform)?
    private let lifetime: TimeInterval
    private let capacity: Int
    private let now: @Sendable () -> Date
    private var cache: [SHA256Digest: Entry] = [:]

    /// Creates a resolver.
    /// - Parameters:
    ///   - genesys: the platform API; `nil` makes every lookup ``Failure/unavailable(_:)``.
    ///   - lifetime: how long an answer (yes or no) is reused.
    ///   - capacity: the most tokens remembered at once.
    ///   - now: the clock.
    public init(
        genesys: (any GenesysPlatform)?,
        lifetime: Duration = .seconds(60),
        capacity: Int = 10_000,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.genesys = genesys
        self.lifetime = TimeInterval(lifetime.components.seconds)
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// The user id of the token's owner.
    /// - Throws: ``Failure``.
    public func userId(forToken token: String) async throws(Failure) -> String {
        guard !token.isEmpty, token.utf8.count <= 4096 else { throw .rejected }
        let key = SHA256.hash(data: Data(token.utf8))
        let at = now()
        if let entry = cache[key], entry.expiresAt > at {
            guard let userId = entry.userId else { throw .rejected }
            return userId
        }
        guard let genesys else { throw .unavailable("no Genesys platform API is configured") }
        let userId: String?
        do {
            userId = try await genesys.userId(forUserToken: token)
        } catch let error as GenesysPlatformError {
            // 400 (a client-credentials token: no user context) and 403 say no, not "unavailable".
            if let status = error.status, (400..<500).contains(status), status != 429 {
                remember(key, nil, at: at)
                throw .rejected
            }
            throw .unavailable(error.description)
        } catch {
            throw .unavailable("\(error)")
        }
        remember(key, userId, at: at)
        guard let userId, !userId.isEmpty else { throw .rejected }
        return userId
    }

    private func remember(_ key: SHA256Digest, _ userId: String?, at: Date) {
        if cache.count >= capacity {
            cache = cache.filter { $0.value.expiresAt > at }
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
        }
        cache[key] = Entry(userId: userId, expiresAt: at.addingTimeInterval(lifetime))
    }
}
