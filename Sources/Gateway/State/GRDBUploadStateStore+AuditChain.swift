import Foundation
import GRDB

extension GRDBUploadStateStore: AuditChainStore {
    /// Seals in one write transaction: SQLite has one writer at a time, so two sealers (two
    /// processes on one file) take turns and each finds the other's links.
    public func sealAuditEntries(after floor: Int64, limit: Int, at: Date) async throws -> AuditSealOutcome {
        try await auditChainAccess(write: true) { db in
            let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
            var head = last.map { AuditChainHead(seq: $0["seq"], hash: $0["hash"]) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.at, a.actor, a.action, a.file_id, a.detail FROM audit_log a
                    WHERE a.id > ? AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
                    ORDER BY a.id LIMIT ?
                    """,
                arguments: [floor, max(0, limit)])
            var links: [AuditChainLink] = []
            for row in rows {
                guard let entry = Self.auditChainEntry(row, prefix: "") else { continue }
                let seq = (head?.seq ?? 0) + 1
                let prevHash = head?.hash ?? AuditChainHasher.genesis
                let hash = AuditChainHasher.hash(prevHash: prevHash, seq: seq, entry: entry)
                try db.cachedStatement(
                    sql: "INSERT INTO audit_chain (seq, audit_id, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?)"
                ).execute(arguments: [seq, entry.id, prevHash, hash, at])
                links.append(
                    AuditChainLink(
                        seq: seq, auditId: entry.id ?? 0, prevHash: prevHash, hash: hash, sealedAt: at, entry: entry))
                head = AuditChainHead(seq: seq, hash: hash)
            }
            let highest = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(audit_id), 0) FROM audit_chain") ?? 0
            return .sealed(links: links, head: head, highestSealedAuditId: highest)
        }
    }

    public func auditChainLinks(after seq: Int64, limit: Int) async throws -> [AuditChainLink] {
        try await auditChainAccess(write: false) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.seq, c.audit_id, c.prev_hash, c.hash, c.sealed_at, a.id AS a_id, a.at AS a_at,
                        a.actor AS a_actor, a.action AS a_action, a.file_id AS a_file_id, a.detail AS a_detail
                    FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
                    WHERE c.seq > ? ORDER BY c.seq LIMIT ?
                    """,
                arguments: [seq, max(0, limit)]
            ).map { row in
                AuditChainLink(
                    seq: Self.integer(row["seq"]), auditId: Self.integer(row["audit_id"]),
                    prevHash: Self.text(row["prev_hash"]) ?? "", hash: Self.text(row["hash"]) ?? "",
                    sealedAt: Self.date(row["sealed_at"]), entry: Self.auditChainEntry(row, prefix: "a_"))
            }
        }
    }

    public func unsealedAuditEntries(before: Date, limit: Int) async throws -> [AuditEntry] {
        try await auditChainAccess(write: false) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.at, a.actor, a.action, a.file_id, a.detail FROM audit_log a
                    WHERE a.at < ? AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
                    ORDER BY a.id LIMIT ?
                    """,
                arguments: [before, max(0, limit)]
            ).compactMap { Self.auditChainEntry($0, prefix: "") }
        }
    }

    public func unsealedAuditCount() async throws -> Int {
        try await auditChainAccess(write: false) { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM audit_log a
                    WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
                    """) ?? 0
        }
    }

    /// An audit row read column by column without trusting its storage classes (someone with
    /// the file may have written anything): `nil` when the row is absent (no id).
    private static func auditChainEntry(_ row: Row, prefix: String) -> AuditEntry? {
        let id: DatabaseValue = row[prefix + "id"]
        guard !id.isNull else { return nil }
        return AuditEntry(
            id: integer(id), at: date(row[prefix + "at"]), actor: text(row[prefix + "actor"]) ?? "",
            action: text(row[prefix + "action"]) ?? "", fileId: text(row[prefix + "file_id"]),
            detail: text(row[prefix + "detail"]))
    }

    /// Text as stored; numbers and blobs rendered as text (so an edited type still hashes).
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .string(let text): text
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
        }
    }

    private static func integer(_ value: DatabaseValue) -> Int64 {
        Int64.fromDatabaseValue(value) ?? -1
    }

    /// A date, or the distant past when the stored value is not one (it then fails its hash).
    private static func date(_ value: DatabaseValue) -> Date {
        Date.fromDatabaseValue(value) ?? .distantPast
    }

    private func auditChainAccess<T: Sendable>(
        write: Bool, _ body: @Sendable @escaping (Database) throws -> T
    ) async throws -> T {
        do {
            return write ? try await pool.write(body) : try await pool.read(body)
        } catch let error as UploadStateStoreError {
            throw error
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }
}
