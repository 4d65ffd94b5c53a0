import Foundation
import PostgresNIO

extension PostgresUploadStateStore: AuditChainStore {
    /// The first half of the transaction-level advisory lock a sealer takes ("audi" in ASCII);
    /// the second half is the hash of the schema, so gateways on separate schemas of one
    /// database do not take turns. Only sealers take it, so no audit insert waits for it.
    static let auditChainLockClass: Int32 = 0x6175_6469

    /// Seals in one transaction that first tries the chain's advisory lock: when another
    /// replica's sealer holds it, returns ``AuditSealOutcome/busy`` at once (the lock is freed
    /// at its commit, which READ COMMITTED then shows to the next holder's reads).
    public func sealAuditEntries(after floor: Int64, limit: Int, at: Date) async throws -> AuditSealOutcome {
        try await transaction { connection -> AuditSealOutcome in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(\(Self.auditChainLockClass), hashtext(current_schema()))",
                logger: self.logger
            ).collect().first?.decode(Bool.self)
            guard locked == true else { return .busy }
            let last = try await connection.query(
                "SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1", logger: self.logger
            ).collect().first
            var head = try last.map { row in
                let (seq, hash) = try row.decode((Int64, String).self)
                return AuditChainHead(seq: seq, hash: hash)
            }
            let rows = try await connection.query(
                """
                SELECT a.id, a.at, a.actor, a.action, a.file_id, a.detail FROM audit_log a
                WHERE a.id > \(floor) AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
                ORDER BY a.id LIMIT \(max(0, limit))
                """, logger: self.logger
            ).collect()
            var links: [AuditChainLink] = []
            for row in rows {
                let (id, time, actor, action, fileId, detail) = try row.decode(
                    (Int64, Date, String, String, String?, String?).self)
                let entry = AuditEntry(id: id, at: time, actor: actor, action: action, fileId: fileId, detail: detail)
                let seq = (head?.seq ?? 0) + 1
                let prevHash = head?.hash ?? AuditChainHasher.genesis
                let hash = AuditChainHasher.hash(prevHash: prevHash, seq: seq, entry: entry)
                links.append(
                    AuditChainLink(seq: seq, auditId: id, prevHash: prevHash, hash: hash, sealedAt: at, entry: entry))
                head = AuditChainHead(seq: seq, hash: hash)
            }
            if !links.isEmpty {
                try await connection.perform(
                    """
                    INSERT INTO audit_chain (seq, audit_id, prev_hash, hash, sealed_at)
                    SELECT s, a, p, h, \(at) FROM UNNEST(
                        \(links.map(\.seq))::BIGINT[], \(links.map(\.auditId))::BIGINT[],
                        \(links.map(\.prevHash))::TEXT[], \(links.map(\.hash))::TEXT[]) AS t(s, a, p, h)
                    """, logger: self.logger)
            }
            let highest = try await connection.query(
                "SELECT COALESCE(MAX(audit_id), 0)::BIGINT FROM audit_chain", logger: self.logger
            ).collect().first?.decode(Int64.self)
            return .sealed(links: links, head: head, highestSealedAuditId: highest ?? 0)
        }
    }

    public func auditChainLinks(after seq: Int64, limit: Int) async throws -> [AuditChainLink] {
        try await rows(
            """
            SELECT c.seq, c.audit_id, c.prev_hash, c.hash, c.sealed_at, a.id, a.at, a.actor, a.action, a.file_id,
                a.detail
            FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
            WHERE c.seq > \(seq) ORDER BY c.seq LIMIT \(max(0, limit))
            """
        ).map { row in
            let (seq, auditId, prevHash, hash, sealedAt, id, time, actor, action, fileId, detail) = try row.decode(
                (Int64, Int64, String, String, Date, Int64?, Date?, String?, String?, String?, String?).self)
            let entry = id.map { id in
                AuditEntry(
                    id: id, at: time ?? .distantPast, actor: actor ?? "", action: action ?? "", fileId: fileId,
                    detail: detail)
            }
            return AuditChainLink(
                seq: seq, auditId: auditId, prevHash: prevHash, hash: hash, sealedAt: sealedAt, entry: entry)
        }
    }

    public func unsealedAuditEntries(before: Date, limit: Int) async throws -> [AuditEntry] {
        try await rows(
            """
            SELECT a.id, a.at, a.actor, a.action, a.file_id, a.detail FROM audit_log a
            WHERE a.at < \(before) AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
            ORDER BY a.id LIMIT \(max(0, limit))
            """
        ).map { row in
            let (id, time, actor, action, fileId, detail) = try row.decode(
                (Int64, Date, String, String, String?, String?).self)
            return AuditEntry(id: id, at: time, actor: actor, action: action, fileId: fileId, detail: detail)
        }
    }

    public func unsealedAuditCount() async throws -> Int {
        let row = try await rows(
            """
            SELECT COUNT(*)::BIGINT FROM audit_log a
            WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
            """
        ).first
        return Int(try row?.decode(Int64.self) ?? 0)
    }
}
