import Foundation
import GRDB

extension GRDBUploadStateStore: ConversationBindingStore {
    @discardableResult
    public func bindConversation(guestId: String, conversationId: String, at: Date) async throws -> Int {
        try await bindingsWrite { db in
            try db.execute(
                sql: """
                    INSERT INTO conversation_bindings (guest_id, conversation_id, bound_at) VALUES (?, ?, ?)
                    ON CONFLICT (guest_id, conversation_id) DO NOTHING
                    """,
                arguments: [guestId, conversationId, at]
            )
            try db.execute(
                sql: """
                    UPDATE uploads SET conversation_id = ?, updated_at = ?
                    WHERE guest_id = ? AND conversation_id IS NULL
                    """,
                arguments: [conversationId, at, guestId]
            )
            return try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM uploads WHERE guest_id = ? AND conversation_id = ?",
                arguments: [guestId, conversationId]
            ) ?? 0
        }
    }

    public func guests(conversationId: String) async throws -> [String] {
        try await bindingsRead { db in
            try String.fetchAll(
                db,
                sql: "SELECT guest_id FROM conversation_bindings WHERE conversation_id = ? ORDER BY bound_at, rowid",
                arguments: [conversationId]
            )
        }
    }

    public func conversations(guestId: String) async throws -> [String] {
        try await bindingsRead { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT conversation_id FROM conversation_bindings WHERE guest_id = ?
                    ORDER BY bound_at DESC, rowid DESC
                    """,
                arguments: [guestId]
            )
        }
    }

    public func assignConversation(fileId: String, conversationId: String) async throws -> String? {
        try await bindingsWrite { db in
            try db.execute(
                sql:
                    "UPDATE uploads SET conversation_id = ?, updated_at = ? WHERE file_id = ? AND conversation_id IS NULL",
                arguments: [conversationId, Date(), fileId]
            )
            return try String.fetchOne(
                db, sql: "SELECT conversation_id FROM uploads WHERE file_id = ?", arguments: [fileId])
        }
    }

    public func cleanUploads(conversationId: String) async throws -> [UploadRecord] {
        let ids = try await bindingsRead { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT file_id FROM uploads
                    WHERE state = ? AND (conversation_id = ? OR (conversation_id IS NULL AND guest_id IN (
                        SELECT b.guest_id FROM conversation_bindings b
                        WHERE b.conversation_id = ? AND NOT EXISTS (
                            SELECT 1 FROM conversation_bindings later
                            WHERE later.guest_id = b.guest_id AND (later.bound_at > b.bound_at
                                OR (later.bound_at = b.bound_at AND later.rowid > b.rowid))))))
                    ORDER BY created_at, rowid
                    """,
                arguments: [UploadState.clean.rawValue, conversationId, conversationId]
            )
        }
        var records: [UploadRecord] = []
        for id in ids {
            if let record = try await upload(fileId: id), record.state == .clean { records.append(record) }
        }
        return records
    }

    @discardableResult
    public func markAnnounced(fileId: String, at: Date) async throws -> Bool {
        try await bindingsWrite { db in
            try db.execute(
                sql: "UPDATE uploads SET announced_at = ? WHERE file_id = ? AND announced_at IS NULL",
                arguments: [at, fileId]
            )
            return db.changesCount > 0
        }
    }

    public func announcedAt(fileId: String) async throws -> Date? {
        try await bindingsRead { db in
            try Date.fetchOne(db, sql: "SELECT announced_at FROM uploads WHERE file_id = ?", arguments: [fileId])
        }
    }

    private func bindingsRead<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }

    private func bindingsWrite<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }
}
