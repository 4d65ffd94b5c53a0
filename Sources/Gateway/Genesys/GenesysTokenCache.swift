import Foundation

/// Holds the gateway's OAuth token: one fetch for any number of concurrent callers, reuse until
/// shortly before expiry, and a forced refresh when Genesys rejects the cached token.
actor GenesysTokenCache {
    typealias Fetch = @Sendable () async throws(GenesysPlatformError) -> GenesysOAuthToken

    private let fetch: Fetch
    private let now: @Sendable () -> Date
    private var current: GenesysOAuthToken?
    private var inFlight: Task<GenesysOAuthToken, any Error>?
    /// How many token requests were started (for tests and diagnostics).
    private(set) var fetchCount = 0

    /// Creates a cache.
    /// - Parameters:
    ///   - now: the clock deciding freshness.
    ///   - fetch: asks the token endpoint for a new token.
    init(now: @escaping @Sendable () -> Date, fetch: @escaping Fetch) {
        self.now = now
        self.fetch = fetch
    }

    /// A token to use now: the cached one while fresh, else a new one.
    ///
    /// - Parameter rejected: a token value Genesys just answered 401 to; it is never handed out
    ///   again, so a rejected token causes exactly one refresh even with concurrent callers.
    /// - Throws: ``GenesysPlatformError`` when the token endpoint refuses or cannot be reached.
    func token(replacing rejected: String? = nil) async throws(GenesysPlatformError) -> String {
        if let current, current.value != rejected, current.isFresh(at: now()) {
            return current.value
        }
        if current?.value == rejected { current = nil }
        let task: Task<GenesysOAuthToken, any Error>
        if let inFlight {
            task = inFlight
        } else {
            fetchCount += 1
            let fetch = self.fetch
            task = Task { try await fetch() }
            inFlight = task
        }
        do {
            let token = try await task.value
            if inFlight == task {
                inFlight = nil
                current = token
            }
            return token.value
        } catch {
            if inFlight == task { inFlight = nil }
            if let error = error as? GenesysPlatformError { throw error }
            throw GenesysPlatformError(status: nil, message: "the OAuth token request was cancelled")
        }
    }

    /// Forgets the cached token.
    func invalidate() {
        current = nil
    }
}
