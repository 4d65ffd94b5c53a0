import AWSSigning
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

@Suite("Data Action authenticator")
struct DataActionAuthenticatorTests {
    @Test("Accepts the secret only; tells missing from wrong")
    func outcomes() {
        let authenticator = DataActionAuthenticator(secret: "s3cret-shared-with-genesys")
        #expect(authenticator.isConfigured)
        #expect(authenticator.check("s3cret-shared-with-genesys") == .accepted)
        #expect(authenticator.check(nil) == .missing)
        for wrong in ["", "s3cret-shared-with-genesy", "s3cret-shared-with-genesys ", "S3CRET-SHARED-WITH-GENESYS"] {
            #expect(authenticator.check(wrong) == .wrong)
        }
    }

    @Test("Without a configured secret every call is refused and a warning is logged once")
    func notConfigured() {
        let lines = LogCapture()
        let logger = Logger(label: "test") { _ in lines }
        for secret in [nil, ""] as [String?] {
            let authenticator = DataActionAuthenticator(secret: secret, logger: logger)
            #expect(!authenticator.isConfigured)
            #expect(authenticator.check("anything") == .notConfigured)
            #expect(authenticator.check(nil) == .notConfigured)
            #expect(authenticator.check("") == .notConfigured)
        }
        #expect(lines.messages.count == 2)
        #expect(lines.messages.allSatisfy { $0.contains("ATTACHE_DATA_ACTION_SECRET") })
    }

    @Test("The comparison looks at every byte (constant time in the position of a difference)")
    func constantTime() {
        let base = [UInt8](repeating: 0xAB, count: 32)
        #expect(ConstantTime.equal(base, base))
        for position in [0, 15, 31] {
            var other = base
            other[position] ^= 0x01
            #expect(!ConstantTime.equal(base, other))
        }
        #expect(!ConstantTime.equal(base, Array(base.prefix(31))))
    }
}

/// A log handler that keeps the messages it receives.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let storage = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [String] { storage.withLockedValue { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        storage.withLockedValue { $0.append(event.message.description) }
    }
}
