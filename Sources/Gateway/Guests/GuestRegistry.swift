import AWSSigning
import Crypto
import Foundation

/// Exchanges a Genesys guest session token for a gateway guest credential.
///
/// The token is stored only as its SHA-256; the same token and deployment always map to the
/// same guest, so calling again renews the credential.
public struct GuestRegistry: Sendable {
    /// The state store.
    public let store: any UploadStateStore
    /// The credential signer.
    public let signer: GuestCredentialSigner
    /// Deployments accepted; `nil` accepts any well-formed id.
    public let allowedDeployments: Set<String>?

    /// Creates a registry.
    public init(store: any UploadStateStore, signer: GuestCredentialSigner, allowedDeployments: Set<String>? = nil) {
        self.store = store
        self.signer = signer
        self.allowedDeployments = allowedDeployments
    }

    /// Registers (or finds) the guest and issues a fresh credential.
    /// - Throws: ``Problem`` (400) for malformed input, ``UploadStateStoreError`` when storing fails.
    public func register(
        sessionToken: String, deploymentId: String, now: Date = Date()
    ) async throws
        -> (guest: GuestRecord, credential: GuestCredentialSigner.Issued)
    {
        guard (8...512).contains(sessionToken.utf8.count),
            sessionToken.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else { throw Problem.invalidRequest("sessionToken must be 8 to 512 printable ASCII characters.") }
        guard (1...128).contains(deploymentId.utf8.count),
            deploymentId.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic
                        || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            })
        else { throw Problem.invalidRequest("deploymentId must be 1 to 128 letters, digits, '-' or '_'.") }
        if let allowedDeployments, !allowedDeployments.contains(deploymentId) {
            throw Problem.invalidRequest("Unknown deploymentId.")
        }
        let hash = Self.hash(sessionToken)
        let guest = try await store.upsertGuest(
            GuestRecord(
                guestId: RandomID.make(), sessionTokenHash: hash, deploymentId: deploymentId,
                createdAt: now, lastSeenAt: now)
        )
        return (guest, signer.issue(guestId: guest.guestId, now: now))
    }

    /// SHA-256 of a session token, lowercase hex.
    public static func hash(_ sessionToken: String) -> String {
        Hex.encode(SHA256.hash(data: Data(sessionToken.utf8)))
    }
}
