import Foundation
import PostgresNIO

extension PostgresUploadStateStore: ConversationBindingStore {
    @discardableResult
    public func bindConversation(guestId: String, conversationId: String, at: Date) async throws -> Int {
        try await transaction { connection in
            try await connection.perform(
                """
                INSERT INTO conversation_bindings (guest_id, conversation_id, bound_at)
                VALUES (\(guestId), \(conversationId), \(at))
                ON CONFLICT (guest_id, conversation_id) DO NOTHING
                """, logger: self.logger)
            try await connection.perform(
                """
                UPDATE uploads SET conversation_id = \(conversationId), updated_at = \(at)
                WHERE guest_id = \(guestId) AND conversation_id IS NULL
                """, logger: self.logger)
            let rows = try await connection.query(
                "SELECT COUNT(*) FROM uploads WHERE guest_id = \(guestId) AND conversation_id = \(conversationId)",
                logger: self.logger
            ).collect()
            return try rows.first?.decode(Int.self) ?? 0
        }
    }

    public func guests(conversationId: String) async throws -> [String] {
        try await rows(
            """
            SELECT guest_id FROM conversation_bindings WHERE conversation_id = \(conversationId)
            ORDER BY bound_at, seq
            """
        ).map { try $0.decode(String.self) }
    }

    public func conversations(guestId: String) async throws -> [String] {
        try await rows(
            """
            SELECT conversation_id FROM conversation_bindings WHERE guest_id = \(guestId)
            ORDER BY bound_at DESC, seq DESC
            """
        ).map { try $0.decode(String.self) }
    }

    public func assignConversation(fileId: String, conversationId: String) async throws -> String? {
        try await transaction { connection in
            try await connection.perform(
                """
                UPDATE uploads SET conversation_id = \(conversationId), updated_at = \(Date())
                WHERE file_id = \(fileId) AND conversation_id IS NULL
                """, logger: self.logger)
            let rows = try await connection.query(
                "SELECT conversation_id FROM uploads WHERE file_id = \(fileId)", logger: self.logger
            ).collect()
            return try rows.first?.decode(String?.self)
        }
    }

    public func cleanUploads(conversationId: String) async throws -> [UploadRecord] {
        let ids = try await rows(
            """
            SELECT file_id FROM uploads
            WHERE state = \(UploadState.clean.rawValue) AND (conversation_id = \(conversationId)
                OR (conversation_id IS NULL AND guest_id IN (
                    SELECT b.guest_id FROM conversation_bindings b
                    WHERE b.conversation_id = \(conversationId) AND NOT EXISTS (
                        SELECT 1 FROM conversation_bindings later
                        WHERE later.guest_id = b.guest_id AND (later.bound_at > b.bound_at
                            OR (later.bound_at = b.bound_at AND later.seq > b.seq))))))
            ORDER BY created_at, seq
            """
        ).map { try $0.decode(String.self) }
        var records: [UploadRecord] = []
        for id in ids {
            if let record = try await upload(fileId: id), record.state == .clean { records.append(record) }
        }
        return records
    }

    @discardableResult
    public func markAnnounced(fileId: String, at: Date) async throws -> Bool {
        try await !rows(
            """
            UPDATE uploads SET announced_at = \(at) WHERE file_id = \(fileId) AND announced_at IS NULL
            RETURNING file_id
            """
        ).isEmpty
    }

    public func announcedAt(fileId: String) async throws -> Date? {
        try await rows("SELECT announced_at FROM uploads WHERE file_id = \(fileId)").first?.decode(Date?.self)
            ?? nil
    }
}
