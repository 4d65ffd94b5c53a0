import AWSClients
import AWSSigning
import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import Gateway

/// The two object stores, for behaviour that must be the same in both.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case local
    case s3

    var description: String { rawValue }
}

/// A store under test, with what tests need beside the ``ObjectStore`` protocol.
struct StoreFixture: Sendable {
    let store: any ObjectStore
    /// Reads an object's tags back.
    let tags: @Sendable (ObjectArea, String) async throws -> [String: String]
    /// The local store's event queue (nil for S3).
    let events: LocalEventQueue?
    /// The local store's root (nil for S3).
    let root: URL?
}

/// Sets up stores against real backends: a temporary directory served by a live Hummingbird
/// server for the local store, fresh buckets in moto for S3.
enum StoreHarness {
    static let secret = Array("0123456789abcdef0123456789abcdef-test-secret".utf8)

    /// Runs `body` with a store of `kind`; returns `false` (and runs nothing) when S3 is asked
    /// for and moto is not configured outside CI.
    @discardableResult
    static func withStore(
        _ kind: StoreKind,
        minimumPartSize: Int64 = 5 * 1024 * 1024,
        _ body: @Sendable (StoreFixture) async throws -> Void
    ) async throws -> Bool {
        switch kind {
        case .local:
            try await withLocalStore(minimumPartSize: minimumPartSize, body)
            return true
        case .s3:
            guard TestEnvironment.isAvailable(.moto) else { return false }
            try await withS3Store(body)
            return true
        }
    }

    static func withLocalStore(
        minimumPartSize: Int64 = 5 * 1024 * 1024,
        _ body: @Sendable (StoreFixture) async throws -> Void
    ) async throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent(TestEnvironment.uniqueName("attache-store"), isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let events = LocalEventQueue()
        // The routes verify with the root and secret only; the served store learns its port later.
        let served = try LocalObjectStore(
            root: root, publicBaseURL: "http://placeholder", secret: secret, events: events,
            minimumPartSize: minimumPartSize)
        let router = Router(context: BasicRequestContext.self)
        LocalObjectRoutes.add(to: router, store: served)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try LocalObjectStore(
                root: root, publicBaseURL: "http://127.0.0.1:\(port)", secret: secret, events: events,
                minimumPartSize: minimumPartSize)
            try await body(
                StoreFixture(
                    store: store, tags: { try await store.tags($0, key: $1) }, events: events, root: root))
        }
    }

    static func withS3Store(_ body: @Sendable (StoreFixture) async throws -> Void) async throws {
        let endpoint = try TestEnvironment.require(.moto)
        let client = S3Client(
            httpClient: HTTPClient.shared,
            credentials: StaticCredentialProvider(accessKeyID: "storage-test", secretAccessKey: "storage-secret"),
            configuration: .init(region: "us-east-1", endpoint: endpoint)
        )
        let quarantine = TestEnvironment.uniqueName("quarantine")
        let clean = TestEnvironment.uniqueName("clean")
        try await client.createBucket(quarantine)
        try await client.createBucket(clean)
        let store = S3ObjectStore(client: client, quarantineBucket: quarantine, cleanBucket: clean)
        try await body(StoreFixture(store: store, tags: { try await store.tags($0, key: $1) }, events: nil, root: nil))
    }

    /// Performs a signed request as a browser would: exactly the bound headers, and the body.
    static func perform(
        _ signed: SignedObjectRequest,
        body: [UInt8]? = nil,
        overriding headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        var request = HTTPClientRequest(url: signed.url)
        request.method = .init(rawValue: signed.method)
        var merged = signed.headers
        for (name, value) in headers { merged[name] = value }
        for (name, value) in merged where name != "content-length" { request.headers.add(name: name, value: value) }
        if let body {
            let length = merged["content-length"].flatMap { Int64($0) } ?? Int64(body.count)
            request.body = .bytes(body, length: .known(length))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: 64 * 1024 * 1024)
        var responseHeaders: [String: String] = [:]
        for header in response.headers { responseHeaders[header.name.lowercased()] = header.value }
        return (Int(response.status.code), responseHeaders, Array(collected.readableBytesView))
    }

    /// Collects a store read.
    static func collect(_ sequence: AnyAsyncSequence<ByteBuffer>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in sequence { bytes += buffer.readableBytesView }
        return bytes
    }

    /// Deterministic test bytes.
    static func bytes(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    /// `"<hex md5>"`.
    static func md5ETag(_ bytes: [UInt8]) -> String {
        "\"" + Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// A fresh object key, as the gateway derives it from a file id.
    static func newKey() -> String {
        "uploads/" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
