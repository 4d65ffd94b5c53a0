import GRDB

extension StateMigrations {
    /// Registers the access migration: which gateway guests take part in which Genesys
    /// conversation, and when a file was first announced in its conversation.
    static func registerAccess(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-access") { db in
            try db.execute(sql: v2Access)
        }
    }

    static let v2Access = """
        CREATE TABLE conversation_bindings (
            guest_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            bound_at DATETIME NOT NULL,
            PRIMARY KEY (guest_id, conversation_id)
        );
        CREATE INDEX conversation_bindings_conversation ON conversation_bindings (conversation_id);
        ALTER TABLE uploads ADD COLUMN announced_at DATETIME;
        """
}
