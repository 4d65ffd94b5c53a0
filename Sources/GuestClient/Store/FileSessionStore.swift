import Foundation

/// A ``SessionStore`` in a JSON file, readable only by its owner (mode 0600): the token is the
/// guest's identity. Saves are atomic and durable: a temporary file, `fsync`ed, renamed over the
/// file, then the directory `fsync`ed, all before ``save(_:)`` returns.
public actor FileSessionStore: SessionStore {
    /// The file.
    public let path: String
    let file: DurableFile

    /// Creates a store at `path`; the directory is created on the first save.
    public init(path: String) {
        self.init(path: path, file: .system)
    }

    init(path: String, file: DurableFile) {
        self.path = path
        self.file = file
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
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(session)
        } catch {
            throw SessionStoreError(path: path, reason: "cannot encode: \(error)")
        }
        do {
            try file.write(data, toPath: path)
        } catch {
            throw SessionStoreError(path: path, reason: error.description)
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
