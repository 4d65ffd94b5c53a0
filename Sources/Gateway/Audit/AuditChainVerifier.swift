import Foundation

/// Walks the audit chain from position 1 and reports the first broken link.
///
/// Each link must sit at the next position, name the previous link's hash, and hash to its own
/// `hash` when recomputed from the audit entry as the database holds it now
/// (``AuditChainHasher``). Then no audit entry older than the grace period may be unsealed. An
/// anchor (a head the sealer logged earlier, kept outside the database) must still be in the
/// chain: that catches a chain cut short or rewritten consistently from scratch, which the
/// links alone cannot show.
public struct AuditChainVerifier: Sendable {
    let store: any AuditChainStore
    let batchSize: Int

    /// Creates a verifier reading `store`, `batchSize` links at a time.
    public init(store: any AuditChainStore, batchSize: Int = 1_000) {
        self.store = store
        self.batchSize = max(1, batchSize)
    }

    /// Verifies the chain.
    /// - Parameters:
    ///   - now: the time unsealed entries are aged against.
    ///   - unsealedGrace: how old an unsealed entry may be before it counts as a break; keep it
    ///     above the sealer's interval and its late-entry full pass (10 minutes).
    ///   - anchor: a head logged earlier, to check the chain still holds.
    /// - Throws: the store's error when the database cannot be read.
    public func verify(
        now: Date = Date(), unsealedGrace: Duration = .seconds(900), anchor: AuditChainHead? = nil
    ) async throws -> AuditChainVerification {
        var expectedSeq: Int64 = 1
        var prevHash = AuditChainHasher.genesis
        var head: AuditChainHead?
        while true {
            let links = try await store.auditChainLinks(after: expectedSeq - 1, limit: batchSize)
            for link in links {
                if let broken = try await check(link, expectedSeq: expectedSeq, prevHash: prevHash) {
                    return .broken(broken)
                }
                if let anchor, anchor.seq == link.seq, anchor.hash != link.hash {
                    return .broken(
                        AuditChainBreak(
                            kind: .anchorMismatch, seq: link.seq, auditId: link.auditId,
                            detail: "the anchor's hash is \(anchor.hash), the chain's is \(link.hash): "
                                + "the chain was rewritten"))
                }
                prevHash = link.hash
                head = AuditChainHead(seq: link.seq, hash: link.hash)
                expectedSeq += 1
            }
            if links.count < batchSize { break }
        }
        let length = expectedSeq - 1
        if let anchor, anchor.seq > length {
            return .broken(
                AuditChainBreak(
                    kind: .anchorMismatch, seq: anchor.seq, auditId: nil,
                    detail: "the chain ends at position \(length), before the anchor: links were removed from its end"))
        }
        let cutoff = now.addingTimeInterval(-Double(unsealedGrace.components.seconds))
        if let stale = try await store.unsealedAuditEntries(before: cutoff, limit: 1).first {
            return .broken(
                AuditChainBreak(
                    kind: .unsealed, seq: nil, auditId: stale.id,
                    detail: "\(stale.action) by \(stale.actor) at \(stale.at.formatted(.iso8601)) is not sealed "
                        + "after \(unsealedGrace.components.seconds) s (is the sealer running?)"))
        }
        let unsealed = try await store.unsealedAuditCount()
        return .intact(AuditChainSummary(links: length, head: head, unsealed: unsealed))
    }

    /// The break at `link`, if any.
    private func check(_ link: AuditChainLink, expectedSeq: Int64, prevHash: String) async throws -> AuditChainBreak? {
        if link.seq != expectedSeq {
            let missing = link.seq - expectedSeq
            return AuditChainBreak(
                kind: .linkMissing, seq: expectedSeq, auditId: nil,
                detail: missing == 1
                    ? "position \(expectedSeq) is missing (a link was deleted)"
                    : "positions \(expectedSeq)–\(link.seq - 1) are missing (\(missing) links were deleted)")
        }
        if link.prevHash != prevHash {
            return AuditChainBreak(
                kind: .linkAltered, seq: link.seq, auditId: link.auditId,
                detail: "its previous hash is not position \(link.seq - 1)'s hash: "
                    + "a link was altered, reordered or replaced")
        }
        guard let entry = link.entry else {
            return AuditChainBreak(
                kind: .entryMissing, seq: link.seq, auditId: link.auditId,
                detail: "the sealed audit entry #\(link.auditId) no longer exists (deleted)")
        }
        guard AuditChainHasher.hash(prevHash: prevHash, seq: link.seq, entry: entry) != link.hash else {
            return nil
        }
        // The next link names this link's hash as sealed: if it agrees with the stored one, the
        // entry changed; if not, the link's own hash was edited.
        let next = try await store.auditChainLinks(after: link.seq, limit: 1).first
        if let next, next.seq == link.seq + 1, next.prevHash != link.hash {
            return AuditChainBreak(
                kind: .linkAltered, seq: link.seq, auditId: link.auditId,
                detail: "the link's hash was changed (the next link names another)")
        }
        return AuditChainBreak(
            kind: .entryAltered, seq: link.seq, auditId: link.auditId,
            detail: "audit entry #\(link.auditId) (\(entry.action) by \(entry.actor)"
                + (entry.fileId.map { ", file \($0)" } ?? "")
                + ") differs from the entry that was sealed: it was edited in the database")
    }
}
