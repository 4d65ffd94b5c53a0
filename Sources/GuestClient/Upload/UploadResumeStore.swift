import Foundation

/// Where unfinished uploads' ``UploadResumeState`` persists, keyed by ``UploadResumeState/key``.
public protocol UploadResumeStore: Sendable {
    /// The state saved under `key`, if any.
    func load(key: String) async throws(UploadResumeStoreError) -> UploadResumeState?
    /// Saves (replaces) `state`.
    func save(_ state: UploadResumeState) async throws(UploadResumeStoreError)
    /// Forgets the state under `key`.
    func remove(key: String) async throws(UploadResumeStoreError)
}

/// A resume store that lives as long as the process (tests; apps that never resume).
public actor InMemoryUploadResumeStore: UploadResumeStore {
    private var states: [String: UploadResumeState]

    /// Creates a store holding `states`.
    public init(_ states: [UploadResumeState] = []) {
        self.states = Dictionary(states.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func load(key: String) -> UploadResumeState? { states[key] }
    public func save(_ state: UploadResumeState) { states[state.key] = state }
    public func remove(key: String) { states[key] = nil }

    /// Every saved state.
    public func all() -> [UploadResumeState] { Array(states.values) }
}

/// A resume store in one JSON file (mode 0600), so a restarted process resumes its uploads.
/// Writes are atomic and durable (temporary file `fsync`ed, renamed, directory `fsync`ed) before
/// a save returns, so a saved part is never forgotten after a crash.
public actor FileUploadResumeStore: UploadResumeStore {
    /// The file's path.
    public let path: String
    let file: DurableFile

    /// Creates a store at `path` (created, with its directory, on first save).
    public init(path: String) {
        self.init(path: path, file: .system)
    }

    init(path: String, file: DurableFile) {
        self.path = path
        self.file = file
    }

    public func load(key: String) throws(UploadResumeStoreError) -> UploadResumeState? {
        try readAll()[key]
    }

    public func save(_ state: UploadResumeState) throws(UploadResumeStoreError) {
        var states = try readAll()
        states[state.key] = state
        try write(states)
    }

    public func remove(key: String) throws(UploadResumeStoreError) {
        var states = try readAll()
        guard states.removeValue(forKey: key) != nil else { return }
        try write(states)
    }

    /// Every saved state.
    public func all() throws(UploadResumeStoreError) -> [UploadResumeState] {
        Array(try readAll().values)
    }

    private func readAll() throws(UploadResumeStoreError) -> [String: UploadResumeState] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode([String: UploadResumeState].self, from: data)
        } catch {
            throw UploadResumeStoreError(path: path, reason: "cannot read: \(error)")
        }
    }

    private func write(_ states: [String: UploadResumeState]) throws(UploadResumeStoreError) {
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(states)
        } catch {
            throw UploadResumeStoreError(path: path, reason: "cannot encode: \(error)")
        }
        do {
            try file.write(data, toPath: path)
        } catch {
            throw UploadResumeStoreError(path: path, reason: "cannot write: \(error.description)")
        }
    }
}

/// A resume store failed.
public struct UploadResumeStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store's location.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "upload resume store \(path): \(reason)" }
}
