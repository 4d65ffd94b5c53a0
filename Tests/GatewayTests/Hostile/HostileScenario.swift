import AWSClients
import Foundation
import Testing

@testable import Gateway

/// Runs hostile files through a scan pipeline (any ``PipelineHarness``) and checks each
/// outcome: the final state, the rejection's reason and signature, and where the object is.
enum HostileScenario {
    /// One file to run and the outcome it must reach.
    struct Item: Sendable {
        let name: String
        let bytes: [UInt8]
        let filename: String
        let contentType: String
        let expected: HostileCorpus.Outcome
        /// The size the upload declares; the bytes' count unless a test lies on purpose.
        var declaredSize: Int?
    }

    /// The corpus cases as items, with the outcome `outcome` picks (cases without one are left out).
    static func items(
        _ cases: [HostileCorpus.Case],
        outcome: (HostileCorpus.Case) -> HostileCorpus.Outcome?
    ) throws -> [Item] {
        try cases.compactMap { hostile in
            guard let expected = outcome(hostile) else { return nil }
            return Item(
                name: hostile.id, bytes: try hostile.bytes(), filename: hostile.filename,
                contentType: hostile.contentType, expected: expected)
        }
    }

    /// Uploads every item into quarantine, lets one worker scan them all, and checks each one.
    /// Returns the records in the items' order.
    @discardableResult
    static func run(
        _ items: [Item],
        harness: PipelineHarness,
        scanner: any FileScanner,
        timeout: Duration = .seconds(120)
    ) async throws -> [UploadRecord] {
        var records: [UploadRecord] = []
        for item in items {
            let record = PipelineFixtures.record(
                filename: item.filename, contentType: item.contentType, size: item.declaredSize ?? item.bytes.count,
                state: .uploaded, updatedAt: Date())
            try await harness.state.createUpload(record)
            try await harness.putObject(record.objectKey, item.bytes, item.contentType)
            records.append(record)
        }
        var finals: [UploadRecord] = []
        try await harness.run(harness.worker(scanner: scanner)) {
            for record in records { try await harness.announce(record) }
            for record in records {
                finals.append(try await harness.waitForFinalState(record.fileId, timeout: timeout))
            }
        }
        for (item, final) in zip(items, finals) {
            try await check(item, final: final, harness: harness)
        }
        try await checkCleanArea(harness: harness, items: items, records: records)
        return finals
    }

    /// The final state, reason and signature, and that a rejected object is nowhere in the clean
    /// area (HEAD) but tagged in quarantine (on S3), while a clean one is there with its size.
    static func check(_ item: Item, final: UploadRecord, harness: PipelineHarness) async throws {
        let name = item.name
        let expected = item.expected
        let inClean = try await harness.store.head(.clean, key: final.objectKey)
        if expected.isClean {
            #expect(final.state == .clean, "\(name): \(final.state.rawValue) \(final.reason ?? "")")
            #expect(inClean?.size == Int64(item.bytes.count), "\(name) must be in the clean area")
            return
        }
        #expect(final.state == .rejected, "\(name): expected rejected, got \(final.state.rawValue)")
        if let reason = expected.reason {
            #expect(final.reason?.hasPrefix("\(reason):") == true, "\(name): reason \(final.reason ?? "none")")
        }
        if let signature = expected.signature {
            #expect(final.reason?.contains(signature) == true, "\(name): reason \(final.reason ?? "none")")
        }
        #expect(inClean == nil, "\(name) must never appear in the clean area")
        if let s3 = harness.store as? S3ObjectStore {
            // Kept in quarantine, tagged with why (the default for rejected objects).
            let tags = (try? await s3.tags(.quarantine, key: final.objectKey)) ?? [:]
            #expect(tags[ScanTags.scan] == "rejected", "\(name): tags \(tags)")
            #expect(tags[ScanTags.reason] == expected.reason, "\(name): tags \(tags)")
        }
    }

    /// On S3 the clean bucket is listed too: it holds exactly the objects expected clean.
    static func checkCleanArea(harness: PipelineHarness, items: [Item], records: [UploadRecord]) async throws {
        guard let s3 = harness.store as? S3ObjectStore else { return }
        var keys: Set<String> = []
        for try await page in s3.client.listObjectsV2Pages(bucket: s3.cleanBucket) {
            keys.formUnion(page.objects.map(\.key))
        }
        let expected = Set(zip(items, records).filter { $0.0.expected.isClean }.map { $0.1.objectKey })
        #expect(keys == expected, "the clean bucket holds exactly the harmless files")
    }
}
