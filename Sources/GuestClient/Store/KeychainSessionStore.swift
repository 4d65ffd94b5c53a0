#if canImport(Security)
import Foundation
import Security

/// A ``SessionStore`` for Apple platforms: the token — the guest's identity — in the Keychain,
/// the rest (deployment id and outbox, no secret) in a JSON file in Application Support.
///
/// ```swift
/// let store = KeychainSessionStore(service: "com.example.support-chat")
/// let session = GuestSession(configuration: .region("mypurecloud.com", deploymentId: id), store: store)
/// ```
///
/// The token is a generic password item (`kSecClassGenericPassword`, account `"token"`) readable
/// only while the device is unlocked and never synced or restored to another device
/// (`kSecAttrAccessibleWhenUnlockedThisDeviceOnly`): a copied backup does not take the
/// conversation with it. The file is written like ``FileSessionStore`` (atomic, `fsync`ed,
/// mode 0600) and excluded from backups.
///
/// A save writes the file, then the token; a load needs both. If only one survived (a crash
/// between the two writes, a restored backup without the Keychain item) the load returns `nil`
/// and the session starts afresh rather than pairing an outbox with the wrong identity.
///
/// Not compiled on Linux (no Security framework): this file is built and exercised only on
/// Apple platforms.
public actor KeychainSessionStore: SessionStore {
    /// The Keychain service name (one per app or per conversation kind).
    public let service: String
    /// The file holding the deployment id and the outbox.
    public let fileURL: URL
    private static let account = "token"

    /// Creates a store.
    /// - Parameters:
    ///   - service: the Keychain service, e.g. the app's bundle id plus a suffix.
    ///   - fileURL: where the non-secret part goes (default:
    ///     `Application Support/<service>/guest-session.json`).
    public init(service: String, fileURL: URL? = nil) {
        self.service = service
        let support =
            FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask).first
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent("Library/Application Support")
        self.fileURL =
            fileURL
            ?? support.appendingPathComponent(service, isDirectory: true)
            .appendingPathComponent("guest-session.json", isDirectory: false)
    }

    /// The non-secret part, as stored in the file.
    private struct Rest: Codable {
        var deploymentId: String
        var outbox: [OutboxItem]
    }

    public func load() throws -> StoredSession? {
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return nil }
        let rest = try JSONDecoder().decode(Rest.self, from: Data(contentsOf: fileURL))
        guard let token = try readToken() else { return nil }
        return StoredSession(token: token, deploymentId: rest.deploymentId, outbox: rest.outbox)
    }

    public func save(_ session: StoredSession) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Rest(deploymentId: session.deploymentId, outbox: session.outbox))
        do {
            try DurableFile.system.write(data, toPath: fileURL.path)
        } catch {
            throw SessionStoreError(path: fileURL.path, reason: error.description)
        }
        var url = fileURL
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? url.setResourceValues(values)
        try writeToken(session.token)
    }

    public func clear() throws {
        let status = SecItemDelete(baseQuery() as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw KeychainError(status) }
        if FileManager.default.fileExists(atPath: fileURL.path) {
            try FileManager.default.removeItem(at: fileURL)
        }
    }

    private func baseQuery() -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: Self.account,
        ]
    }

    private func readToken() throws -> String? {
        var query = baseQuery()
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess else { throw KeychainError(status) }
        guard let data = item as? Data, let token = String(data: data, encoding: .utf8) else { return nil }
        return token
    }

    private func writeToken(_ token: String) throws {
        let attributes: [String: Any] = [
            kSecValueData as String: Data(token.utf8),
            kSecAttrAccessible as String: kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
        ]
        let status = SecItemUpdate(baseQuery() as CFDictionary, attributes as CFDictionary)
        if status == errSecSuccess { return }
        guard status == errSecItemNotFound else { throw KeychainError(status) }
        let added = SecItemAdd(baseQuery().merging(attributes) { _, new in new } as CFDictionary, nil)
        guard added == errSecSuccess else { throw KeychainError(added) }
    }
}

/// A Keychain call failed (`OSStatus`; `errSecInteractionNotAllowed` while the device is locked).
public struct KeychainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `OSStatus`.
    public var status: OSStatus

    /// Creates an error.
    public init(_ status: OSStatus) {
        self.status = status
    }

    public var description: String {
        let text = SecCopyErrorMessageString(status, nil) as String? ?? "unknown"
        return "keychain error \(status): \(text)"
    }
}
#endif
