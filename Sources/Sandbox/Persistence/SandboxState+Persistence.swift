import Foundation

extension SandboxState {
    /// The state as a snapshot.
    public func snapshot() -> SandboxSnapshot {
        SandboxSnapshot(
            conversations: conversations.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) },
            sessions: sessions.values.sorted { $0.tokenHash < $1.tokenHash },
            attachments: attachments.values.sorted { $0.id < $1.id },
            attachmentData: attachmentData,
            issuedJWTs: issuedJWTs.values.sorted { $0.id < $1.id }
        )
    }

    /// Replaces the state with a snapshot's content (sockets are unaffected).
    public func load(_ snapshot: SandboxSnapshot) {
        conversations = Dictionary(snapshot.conversations.map { ($0.id, $0) }) { _, last in last }
        sessions = Dictionary(snapshot.sessions.map { ($0.tokenHash, $0) }) { _, last in last }
        attachments = Dictionary(snapshot.attachments.map { ($0.id, $0) }) { _, last in last }
        attachmentData = snapshot.attachmentData
        issuedJWTs = Dictionary(snapshot.issuedJWTs.map { ($0.id, $0) }) { _, last in last }
        markChanged()
    }

    /// Loads the state file if it exists (a missing file is an empty state).
    /// - Throws: ``SandboxPersistenceError`` when the file exists but cannot be read or decoded.
    public func restore(from path: String) throws(SandboxPersistenceError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SandboxPersistenceError(
                code: .unreadable, message: "cannot read \(path): \(error.localizedDescription)"
            )
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        guard let snapshot = try? decoder.decode(SandboxSnapshot.self, from: data),
            snapshot.version == SandboxSnapshot.currentVersion
        else { throw SandboxPersistenceError(code: .corrupt, message: "\(path) is not a sandbox state file") }
        load(snapshot)
        persistedRevision = revision
    }

    /// Writes the state to `path` atomically if it changed since the last write.
    /// - Returns: whether a file was written.
    /// - Throws: ``SandboxPersistenceError`` when the file cannot be written.
    @discardableResult
    public func persistIfChanged(to path: String) throws(SandboxPersistenceError) -> Bool {
        guard revision != persistedRevision else { return false }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        do {
            let data = try encoder.encode(snapshot())
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true
            )
            try data.write(to: url, options: .atomic)
        } catch {
            throw SandboxPersistenceError(
                code: .unwritable, message: "cannot write \(path): \(error.localizedDescription)"
            )
        }
        persistedRevision = revision
        return true
    }
}
