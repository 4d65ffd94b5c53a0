import Crypto
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

@testable import Gateway

/// The whole gateway as `attache serve` assembles it in dev mode (embedded store, in-process
/// events, built-in policy scanner, SQLite), with a known signing secret and Data Action
/// secret, and a ``FakeGenesysPlatform`` behind the access service. Hostile requests go through
/// its real router; ``snapshot()`` captures everything a request could change.
struct HostileGateway: Sendable {
    static let signingSecret = "hostile-requests-signing-secret-0123456789"
    static let dataActionSecret = "hostile-requests-data-action-secret"
    static let secretHeader = HTTPField.Name(DataActionAuthenticator.headerName)!

    let runtime: GatewayRuntime
    let pipeline: GatewayPipeline
    let directory: URL
    let genesys = FakeGenesysPlatform()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attache-hostile-\(UUID().uuidString)")
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: [
                "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1",
                "ATTACHE_SIGNING_SECRET": Self.signingSecret,
                "ATTACHE_DATA_ACTION_SECRET": Self.dataActionSecret,
            ])
        let logger = Logger(label: "test.hostile")
        runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        var pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        pipeline.access = FileAccessService(
            state: pipeline.state, objects: pipeline.objects, genesys: genesys, logger: logger)
        self.pipeline = pipeline
    }

    /// The signer the gateway uses (same key derivation as ``GatewayPipeline``), so tests can
    /// mint credentials the gateway would accept, e.g. with a past expiry.
    static var signer: GuestCredentialSigner {
        GuestCredentialSigner(secret: Data(SHA256.hash(data: Data(signingSecret.utf8))))
    }

    /// Runs the scan worker while `body` talks to the router, then stops and cleans up.
    func run(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = Application(router: GatewayRouter.make(health: runtime.health, pipeline: pipeline))
        let outcome: Result<Void, any Error>
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await pipeline.worker.run() }
                defer { group.cancelAll() }
                try await app.test(.router) { client in try await body(client) }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await runtime.close()
        try outcome.get()
    }

    /// Everything a request could change: every row of every state table but the audit log,
    /// the audit log's actions, and every file under the object store's root.
    struct Snapshot: Equatable, Sendable {
        var rows: [String: [String]]
        var audit: [String]
        var files: Set<String>
    }

    func snapshot() async throws -> Snapshot {
        let tables = try await runtime.database.pool.read { db in
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            var rows: [String: [String]] = [:]
            for name in names where name != "audit_log" {
                rows[name] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(name)\"").map(\.description).sorted()
            }
            let audit = try String.fetchAll(db, sql: "SELECT action FROM audit_log ORDER BY id")
            return (rows, audit)
        }
        var files = Set<String>()
        let root = directory.appendingPathComponent("objects").standardizedFileURL
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
            if isFile { files.insert(String(url.standardizedFileURL.path.dropFirst(root.path.count))) }
        }
        return Snapshot(rows: tables.0, audit: tables.1, files: files)
    }

    /// Data Action headers with the right secret (or `secret`, or none).
    static func dataActionHeaders(_ secret: String? = dataActionSecret) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let secret { fields[secretHeader] = secret }
        return fields
    }

    /// Uploads `bytes` under `filename` with a single PUT through the gateway's own signed URL,
    /// completes it and waits until the scan worker made it clean.
    func uploadClean(
        _ bytes: [UInt8], filename: String, auth: String, client: any TestClientProtocol
    ) async throws -> String {
        let ticket = try await client.ticket(auth: auth, filename: filename, size: Int64(bytes.count))
        guard case .put(let put) = ticket.upload else { throw HostileError("expected a single PUT") }
        var fields = HTTPFields()
        for (name, value) in put.headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let status = try await client.execute(
            uri: Self.relative(put.url), method: .put, headers: fields, body: ByteBuffer(bytes: bytes)
        ) { $0.status }
        guard status == .ok else { throw HostileError("PUT answered \(status)") }
        try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { _ in }
        for _ in 0..<600 {
            let state = try await client.call("/v1/uploads/\(ticket.fileId)", .get, auth: auth) { response in
                try response.decode(UploadAPI.StatusResponse.self).state
            }
            if state == .clean { return ticket.fileId }
            if state.isFinal { throw HostileError("upload ended \(state)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HostileError("upload never became clean")
    }

    /// Binds a guest to a conversation through the Data Action.
    func register(guestId: String, conversationId: String, client: any TestClientProtocol) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["conversationId": conversationId, "guestId": guestId])
        try await client.execute(
            uri: "/v1/data-actions/register-conversation", method: .post, headers: Self.dataActionHeaders(),
            body: ByteBuffer(bytes: body)
        ) { response in
            guard response.status == .ok else { throw HostileError("register answered \(response.status)") }
        }
    }

    /// Asks the file-link Data Action (with the secret) for a link.
    func link(
        conversationId: String, userId: String, fileId: String, client: any TestClientProtocol
    ) async throws -> DataActionAPI.FileLinkResponse {
        let body = try JSONSerialization.data(withJSONObject: [
            "conversationId": conversationId, "userId": userId, "fileId": fileId,
        ])
        return try await client.execute(
            uri: "/v1/data-actions/file-link", method: .post, headers: Self.dataActionHeaders(),
            body: ByteBuffer(bytes: body)
        ) { response in try response.decode(DataActionAPI.FileLinkResponse.self) }
    }

    /// The path and query of an absolute URL the gateway handed out.
    static func relative(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "")
    }
}

struct HostileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
