import Clamd
import Foundation
import Logging
import TestSupport
import Testing

@testable import Gateway

/// The hostile-file corpus through the production pipeline: every file is put into the
/// quarantine bucket in moto, announced by S3's own event through SQS, scanned by the real clamd
/// (EICAR-only test database, scripts/test's limits) plus the type check, and must end as the
/// manifest says — never in the clean bucket unless it is a harmless oddity.
@Suite(
    "Hostile files through the production pipeline: S3 + SQS in moto, real clamd",
    .enabled(if: TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd))
)
struct HostileFilePipelineTests {
    static func scanner() throws -> ClamdScanner {
        ClamdScanner(client: ClamdClient(address: try ClamdAddress(parsing: try TestEnvironment.require(.clamd))))
    }

    @Test("Every hostile file ends as its manifest says, and only the harmless ones reach the clean bucket")
    func corpus() async throws {
        let cases = try HostileCorpus.cases()
        let items = try HostileScenario.items(cases) { $0.expected }
        #expect(items.count == cases.count)
        try await HostileScenario.run(items, harness: .s3(), scanner: Self.scanner())
    }

    @Test("A file exactly at the gateway's maximum size ends clean; one byte over its declared size is rejected")
    func sizeLimit() async throws {
        let items = try HostileSizeLimit.items(maxFileSize: await HostileSizeLimit.configuredMaxFileSize())
        let harness = try await PipelineHarness.s3()
        let records = try await HostileScenario.run(items, harness: harness, scanner: Self.scanner())
        // moto keeps objects in memory: give the 100 MiB back to the other tests.
        for record in records {
            try await harness.store.delete(.clean, key: record.objectKey)
            try await harness.store.delete(.quarantine, key: record.objectKey)
        }
    }
}

/// The same corpus in dev mode: the embedded store and its in-process queue, and the built-in
/// policy scanner (not an antivirus) for every case the manifest says it can decide. (The
/// 100 MiB size-limit case runs in production mode only: the policy scanner takes about two
/// minutes over it in a debug build.)
@Suite("Hostile files in dev mode: embedded store and the built-in policy scanner")
struct HostileFileDevModeTests {
    @Test("Every case the policy scanner can decide ends as the manifest says, never in the clean area")
    func corpus() async throws {
        let items = try HostileScenario.items(HostileCorpus.cases()) { $0.dev }
        #expect(!items.isEmpty)
        try await HostileScenario.run(items, harness: .local(), scanner: PolicyScanner())
    }
}

/// Files at and one byte over the gateway's size limit, generated in the test (100 MiB by
/// default: too big to commit).
enum HostileSizeLimit {
    /// The maximum file size of a gateway assembled from (default) configuration.
    static func configuredMaxFileSize() async throws -> Int64 {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(TestEnvironment.uniqueName("attache-hostile"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: [
                "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"
            ])
        let logger = Logger(label: "test.hostile")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let maxFileSize = try GatewayPipeline(runtime: runtime, logger: logger).uploads.policy.maxFileSize
        try await runtime.close()
        return maxFileSize
    }

    /// A PDF of exactly `maxFileSize` bytes (clean), and one a byte longer than the size its
    /// upload declared (the most a ticket allows), which is rejected before any promotion.
    static func items(maxFileSize: Int64) throws -> [HostileScenario.Item] {
        let size = Int(maxFileSize)
        var atLimit = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".utf8)
        let trailer = Array("\n%%EOF\n".utf8)
        atLimit += [UInt8](repeating: UInt8(ascii: " "), count: size - atLimit.count - trailer.count)
        atLimit += trailer
        #expect(atLimit.count == size)
        return [
            HostileScenario.Item(
                name: "exactly-maximum", bytes: atLimit, filename: "large.pdf", contentType: "application/pdf",
                expected: .init(outcome: "clean", reason: nil, signature: nil)),
            HostileScenario.Item(
                name: "one-byte-over-declared-maximum", bytes: atLimit + [0x0A], filename: "large.pdf",
                contentType: "application/pdf",
                expected: .init(outcome: "rejected", reason: "size_mismatch", signature: nil), declaredSize: size),
        ]
    }
}
