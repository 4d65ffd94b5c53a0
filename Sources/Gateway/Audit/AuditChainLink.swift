import Foundation

/// One row of the audit chain (`audit_chain`), with the audit entry it seals as the database
/// holds it now.
public struct AuditChainLink: Sendable, Equatable {
    /// The chain position: 1, 2, 3, … without gaps.
    public var seq: Int64
    /// The id of the sealed `audit_log` row.
    public var auditId: Int64
    /// The previous link's ``hash`` (``AuditChainHasher/genesis`` at position 1).
    public var prevHash: String
    /// ``AuditChainHasher/hash(prevHash:seq:entry:)`` of the entry when it was sealed.
    public var hash: String
    /// When the sealer appended the link.
    public var sealedAt: Date
    /// The audit row with ``auditId`` now, or `nil` when it no longer exists.
    public var entry: AuditEntry?

    /// Creates a link.
    public init(seq: Int64, auditId: Int64, prevHash: String, hash: String, sealedAt: Date, entry: AuditEntry?) {
        self.seq = seq
        self.auditId = auditId
        self.prevHash = prevHash
        self.hash = hash
        self.sealedAt = sealedAt
        self.entry = entry
    }
}

/// The last link of the chain: its position and hash. Logged by the sealer after each seal, so
/// a log store outside the database holds anchors to check the chain against.
public struct AuditChainHead: Sendable, Equatable, CustomStringConvertible {
    /// The position of the last link (the number of sealed entries).
    public var seq: Int64
    /// Its hash.
    public var hash: String

    /// Creates a head.
    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// `SEQ:HASH`, the form `attache audit verify --anchor` takes.
    public var description: String { "\(seq):\(hash)" }

    /// Parses `SEQ:HASH` (a positive position, 64 hex digits); `nil` otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1 else { return nil }
        let hash = parts[1].lowercased()
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.init(seq: seq, hash: hash)
    }
}

/// What one sealing transaction did.
public enum AuditSealOutcome: Sendable, Equatable {
    /// Another sealer (another replica) holds the chain right now; nothing was written.
    case busy
    /// These links were appended (possibly none); `head` is the chain's last link afterwards
    /// (`nil` while the chain is empty) and `highestSealedAuditId` the largest sealed audit id.
    case sealed(links: [AuditChainLink], head: AuditChainHead?, highestSealedAuditId: Int64)
}
