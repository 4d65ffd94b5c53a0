import Foundation

/// Tries providers in order and caches the first credentials found, refreshing them a few
/// minutes before they expire.
///
/// Concurrent callers share one refresh. When a refresh fails but the cached credentials have
/// not yet expired, those are returned. When every provider fails, the error lists each
/// provider and why it did not yield credentials.
public actor CredentialProviderChain: AWSCredentialProvider {
    private let providers: [any AWSCredentialProvider]
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials, any Error>?

    /// Creates a chain.
    ///
    /// - Parameters:
    ///   - providers: the providers, tried in order.
    ///   - refreshMargin: how long before expiry cached credentials are refreshed (5 minutes).
    ///   - now: the clock (injectable for tests).
    public init(
        _ providers: [any AWSCredentialProvider],
        refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.providers = providers
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The standard chain: environment, shared profile, container endpoint, EC2 instance metadata.
    ///
    /// - Parameters:
    ///   - profile: an explicit profile that overrides `AWS_PROFILE`.
    ///   - environment: the variables to read.
    ///   - fetch: the HTTP transport of the metadata providers.
    public static func standard(
        profile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fetch: @escaping CredentialHTTPFetch = CredentialHTTP.urlSession
    ) -> CredentialProviderChain {
        CredentialProviderChain([
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(profile: profile, environment: environment),
            ContainerCredentialProvider(environment: environment, fetch: fetch),
            InstanceMetadataCredentialProvider(environment: environment, fetch: fetch),
        ])
    }

    /// The provider's name in errors.
    public nonisolated var providerName: String { "credential chain" }

    /// Cached credentials, or the first credentials a provider yields.
    ///
    /// - Throws: ``CredentialsError`` `notFound` listing every provider tried and why it failed.
    public func credentials() async throws -> AWSCredentials {
        if let cached, !cached.isExpiring(within: refreshMargin, now: now()) {
            return cached
        }
        let task: Task<AWSCredentials, any Error>
        if let refresh {
            task = refresh
        } else {
            let providers = self.providers
            task = Task { try await Self.resolve(providers) }
            refresh = task
        }
        do {
            let fresh = try await task.value
            cached = fresh
            refresh = nil
            return fresh
        } catch {
            refresh = nil
            if let cached, let expiration = cached.expiration, expiration > now() {
                return cached
            }
            throw error
        }
    }

    /// Forgets the cached credentials, so the next call asks the providers again.
    public func invalidate() {
        cached = nil
    }

    private static func resolve(_ providers: [any AWSCredentialProvider]) async throws -> AWSCredentials {
        var reasons: [String] = []
        for provider in providers {
            do {
                return try await provider.credentials()
            } catch let error as CredentialsError {
                reasons.append("\(provider.providerName): \(error.message)")
            } catch {
                reasons.append("\(provider.providerName): \(error)")
            }
        }
        throw CredentialsError(
            code: .notFound,
            message: "no AWS credentials found; tried " + reasons.joined(separator: "; ")
        )
    }
}
