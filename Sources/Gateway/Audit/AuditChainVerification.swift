import Foundation

/// The verdict of ``AuditChainVerifier/verify(now:unsealedGrace:anchor:)``.
public enum AuditChainVerification: Sendable, Equatable {
    /// Every link follows its predecessor and matches the audit entry it seals, no entry older
    /// than the grace period is unsealed, and the anchor (if any) matches.
    case intact(AuditChainSummary)
    /// The first problem found, walking the chain from position 1.
    case broken(AuditChainBreak)

    /// Whether the chain is intact.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}

/// What an intact chain holds.
public struct AuditChainSummary: Sendable, Equatable {
    /// The number of links (sealed entries).
    public var links: Int64
    /// The last link, `nil` for an empty chain.
    public var head: AuditChainHead?
    /// Entries not sealed yet (all newer than the grace period).
    public var unsealed: Int

    /// Creates a summary.
    public init(links: Int64, head: AuditChainHead?, unsealed: Int) {
        self.links = links
        self.head = head
        self.unsealed = unsealed
    }
}

/// The first broken link of the audit chain.
public struct AuditChainBreak: Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The audit entry differs from what was sealed (edited in the database).
        case entryAltered = "entry-altered"
        /// The audit entry a link seals no longer exists (deleted).
        case entryMissing = "entry-missing"
        /// A chain position is missing (a link was deleted).
        case linkMissing = "link-missing"
        /// A link does not follow its predecessor or its own hash was changed (a link was
        /// edited, or links were reordered or renumbered).
        case linkAltered = "link-altered"
        /// An audit entry older than the grace period was never sealed (written with the
        /// sealer stopped for that long, or slipped in behind the chain).
        case unsealed
        /// The chain does not hold the anchor it was checked against (rewritten or cut short).
        case anchorMismatch = "anchor-mismatch"
    }

    /// What is wrong.
    public var kind: Kind
    /// The chain position concerned, if any.
    public var seq: Int64?
    /// The audit entry concerned, if any.
    public var auditId: Int64?
    /// A sentence for a human: which entry, and what differs.
    public var detail: String

    /// Creates a break.
    public init(kind: Kind, seq: Int64?, auditId: Int64?, detail: String) {
        self.kind = kind
        self.seq = seq
        self.auditId = auditId
        self.detail = detail
    }

    public var description: String {
        let position = seq.map { "chain position \($0)" }
        let entry = auditId.map { "audit entry #\($0)" }
        let place = [position, entry].compactMap { $0 }.joined(separator: ", ")
        return "\(kind.rawValue)" + (place.isEmpty ? "" : " at \(place)") + ": \(detail)"
    }
}
