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

/// A resume store in one JSON file (written atomically, mode 0600), so a restarted process
/// resumes its uploads.
public actor FileUploadResumeStore: UploadResumeStore {
    /// The file's path.
    public let path: String

    /// Creates a store at `path` (created, with its directory, on first save).
    public init(path: String) {
        self.path = path
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
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(states).write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw UploadResumeStoreError(path: path, reason: "cannot write: \(error)")
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
