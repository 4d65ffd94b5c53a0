import AWSSigning
import Crypto
import Foundation
import Logging

/// Checks the shared secret a Genesys Data Action presents in `X-Attache-Data-Action-Secret`
/// (the integration's credential, configured as `ATTACHE_DATA_ACTION_SECRET`).
///
/// The comparison takes the same time whatever the presented value: both sides are hashed to
/// SHA-256 and every byte of the digests is compared. Without a configured secret nothing is
/// accepted (fail closed), and ``init(secret:logger:)`` logs a warning saying so.
public struct DataActionAuthenticator: Sendable {
    /// The header carrying the secret.
    public static let headerName = "X-Attache-Data-Action-Secret"

    /// The outcome of a check.
    public enum Outcome: Sendable, Equatable {
        /// The secret matches.
        case accepted
        /// No header was sent.
        case missing
        /// A header was sent, but it is not the secret.
        case wrong
        /// The gateway has no secret configured: every call is refused.
        case notConfigured
    }

    private let digest: [UInt8]?

    /// Creates an authenticator.
    /// - Parameters:
    ///   - secret: the configured secret; `nil` or empty refuses every call.
    ///   - logger: where the start-up warning about a missing secret goes.
    public init(secret: String?, logger: Logger? = nil) {
        if let secret, !secret.isEmpty {
            digest = Array(SHA256.hash(data: Data(secret.utf8)))
        } else {
            digest = nil
            logger?.warning(
                "No ATTACHE_DATA_ACTION_SECRET: every Data Action call (/v1/data-actions/…) will be refused with 401")
        }
    }

    /// Whether a secret is configured.
    public var isConfigured: Bool { digest != nil }

    /// Checks the presented header value.
    public func check(_ presented: String?) -> Outcome {
        guard let digest else { return .notConfigured }
        guard let presented else { return .missing }
        let candidate = Array(SHA256.hash(data: Data(presented.utf8)))
        return ConstantTime.equal(digest, candidate) ? .accepted : .wrong
    }
}
