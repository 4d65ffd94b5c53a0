import Foundation

/// A ``SessionStore`` in a JSON file, written atomically (temporary file + rename) and readable
/// only by its owner (mode 0600): the token is the guest's identity.
public actor FileSessionStore: SessionStore {
    /// The file.
    public let path: String

    /// Creates a store at `path`; the directory is created on the first save.
    public init(path: String) {
        self.path = path
    }

    public func load() throws(SessionStoreError) -> StoredSession? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SessionStoreError(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(StoredSession.self, from: data)
        } catch {
            throw SessionStoreError(path: path, reason: "not a stored session: \(error)")
        }
    }

    public func save(_ session: StoredSession) throws(SessionStoreError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(session)
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            guard
                FileManager.default.createFile(
                    atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600])
            else {
                throw SessionStoreError(path: path, reason: "cannot write \(temporary.path)")
            }
            if rename(temporary.path, url.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                throw SessionStoreError(path: path, reason: "cannot replace the file (errno \(errno))")
            }
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError(path: path, reason: error.localizedDescription)
        }
    }

    public func clear() throws(SessionStoreError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw SessionStoreError(path: path, reason: "cannot remove: \(error.localizedDescription)")
        }
    }
}

/// A session file cannot be read or written.
public struct SessionStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What went wrong.
    public var reason: String

    public var description: String { "session store \(path): \(reason)" }
}
