import Foundation
import Testing

@testable import AWSSigning

/// A provider that counts its calls and returns scripted results.
actor ScriptedProvider: AWSCredentialProvider {
    private(set) var calls = 0
    private var results: [Result<AWSCredentials, CredentialsError>]
    private let delay: Duration
    nonisolated let providerName: String

    init(_ name: String, _ results: [Result<AWSCredentials, CredentialsError>], delay: Duration = .zero) {
        self.providerName = name
        self.results = results
        self.delay = delay
    }

    func credentials() async throws -> AWSCredentials {
        calls += 1
        if delay > .zero { try await Task.sleep(for: delay) }
        let result = results.count > 1 ? results.removeFirst() : results[0]
        return try result.get()
    }
}

/// A settable clock.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) {
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}

@Suite("Credential provider chain")
struct CredentialProviderChainTests {
    static let start = Date(timeIntervalSince1970: 1_795_600_000)
    static let notConfigured = CredentialsError(code: .notConfigured, message: "nothing here")

    static func credentials(_ key: String, expiresIn seconds: TimeInterval? = nil) -> AWSCredentials {
        AWSCredentials(
            accessKeyID: key,
            secretAccessKey: "s",
            sessionToken: nil,
            expiration: seconds.map { start + $0 }
        )
    }

    @Test("The first provider that yields wins; later ones are not asked")
    func firstWins() async throws {
        let first = ScriptedProvider("first", [.failure(Self.notConfigured)])
        let second = ScriptedProvider("second", [.success(Self.credentials("SECOND"))])
        let third = ScriptedProvider("third", [.success(Self.credentials("THIRD"))])
        let chain = CredentialProviderChain([first, second, third])
        #expect(try await chain.credentials().accessKeyID == "SECOND")
        #expect(await third.calls == 0)
    }

    @Test("When all fail, the error lists every provider and its reason")
    func allFail() async {
        let chain = CredentialProviderChain([
            ScriptedProvider("environment", [.failure(Self.notConfigured)]),
            ScriptedProvider("profile 'x'", [.failure(CredentialsError(code: .profileNotFound, message: "no x"))]),
        ])
        do {
            _ = try await chain.credentials()
            Issue.record("expected an error")
        } catch let error as CredentialsError {
            #expect(error.code == .notFound)
            #expect(error.message.contains("environment: nothing here"))
            #expect(error.message.contains("profile 'x': no x"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("Credentials are cached until five minutes before expiry, then refreshed")
    func cachingAndRefresh() async throws {
        let clock = TestClock(Self.start)
        let provider = ScriptedProvider(
            "p",
            [.success(Self.credentials("ONE", expiresIn: 3600)), .success(Self.credentials("TWO", expiresIn: 7200))]
        )
        let chain = CredentialProviderChain([provider], now: { clock.now })
        #expect(try await chain.credentials().accessKeyID == "ONE")
        clock.advance(3000)
        #expect(try await chain.credentials().accessKeyID == "ONE")
        #expect(await provider.calls == 1)
        clock.advance(400)
        #expect(try await chain.credentials().accessKeyID == "TWO")
        #expect(await provider.calls == 2)
    }

    @Test("A failed refresh falls back to cached credentials that have not expired yet")
    func refreshFailureUsesCache() async throws {
        let clock = TestClock(Self.start)
        let provider = ScriptedProvider(
            "p",
            [.success(Self.credentials("ONE", expiresIn: 600)), .failure(Self.notConfigured)]
        )
        let chain = CredentialProviderChain([provider], now: { clock.now })
        _ = try await chain.credentials()
        clock.advance(400)
        #expect(try await chain.credentials().accessKeyID == "ONE")
        clock.advance(300)
        await #expect(throws: CredentialsError.self) { try await chain.credentials() }
    }

    @Test("Concurrent callers share one refresh")
    func concurrentCallersShareRefresh() async throws {
        let provider = ScriptedProvider("slow", [.success(Self.credentials("ONE"))], delay: .milliseconds(50))
        let chain = CredentialProviderChain([provider])
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await chain.credentials().accessKeyID }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(keys.count == 20 && keys.allSatisfy { $0 == "ONE" })
        #expect(await provider.calls == 1)
    }

    @Test("The standard chain reads the environment first")
    func standardChain() async throws {
        let chain = CredentialProviderChain.standard(
            environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "HOME": "/nonexistent"],
            fetch: { _ in throw URLError(.cannotConnectToHost) }
        )
        #expect(try await chain.credentials().accessKeyID == "AKIDENV")
    }

    @Test("With nothing configured, the standard chain names all four sources")
    func standardChainNothing() async {
        let chain = CredentialProviderChain.standard(
            environment: ["HOME": "/nonexistent"],
            fetch: { _ in throw URLError(.cannotConnectToHost) }
        )
        do {
            _ = try await chain.credentials()
            Issue.record("expected an error")
        } catch let error as CredentialsError {
            for name in ["environment", "profile 'default'", "container", "instance metadata"] {
                #expect(error.message.contains(name))
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
