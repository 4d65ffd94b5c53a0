import Foundation
import NIOCore
import Testing

@testable import Gateway

/// The "Must show" flows, written once and run against each store and scanner.
enum PipelineScenarios {
    /// A small clean file ends `clean` in the clean area, tagged, and gone from quarantine.
    static func cleanFilePromoted(_ harness: PipelineHarness, scanner: any FileScanner) async throws {
        let bytes = PipelineFixtures.pdf(padding: 20_000)
        let record = try await harness.upload(bytes, sha256: ObjectInspector.sha256Hex(bytes))
        try await harness.run(harness.worker(scanner: scanner)) {
            try await harness.announce(record)
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .clean)
            #expect(final.detectedType == "application/pdf")
        }
        #expect(try await harness.store.head(.quarantine, key: record.objectKey) == nil)
        #expect(try await harness.store.head(.clean, key: record.objectKey)?.size == Int64(bytes.count))
        #expect(try await collect(harness.store.read(.clean, key: record.objectKey)) == bytes)
        let audit = try await harness.state.auditEntries(fileId: record.fileId)
        #expect(audit.map(\.action) == ["scan.clean"])
        let results = try await harness.state.scanResults(fileId: record.fileId)
        #expect(results.count == 1)
        #expect(results.first?.scanner == scanner.name)
        #expect(results.first?.sha256 == ObjectInspector.sha256Hex(bytes))
    }

    /// The EICAR test file named invoice.pdf ends `rejected` and never reaches the clean area.
    static func eicarRejected(_ harness: PipelineHarness, scanner: any FileScanner) async throws {
        let record = try await harness.upload(PipelineFixtures.eicar, filename: "invoice.pdf")
        try await harness.run(harness.worker(scanner: scanner)) {
            try await harness.announce(record)
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .rejected)
            #expect(final.reason?.hasPrefix("infected:") == true)
        }
        #expect(try await harness.store.head(.clean, key: record.objectKey) == nil)
        #expect(try await harness.store.head(.quarantine, key: record.objectKey) != nil)
        #expect(try await harness.state.auditEntries(fileId: record.fileId).map(\.action) == ["scan.rejected"])
    }

    /// An ELF binary renamed .pdf is rejected by the type check (whatever the antivirus says).
    static func elfAsPDFRejected(_ harness: PipelineHarness, scanner: any FileScanner) async throws {
        let record = try await harness.upload(PipelineFixtures.elf(), filename: "statement.pdf")
        try await harness.run(harness.worker(scanner: scanner)) {
            try await harness.announce(record)
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .rejected)
            if scanner.isAntivirus {
                #expect(final.reason?.hasPrefix("executable_content:") == true)
            } else {
                #expect(final.reason?.hasPrefix("infected: Attache.Policy.Executable.ELF") == true)
            }
        }
        #expect(try await harness.store.head(.clean, key: record.objectKey) == nil)
    }

    /// Scanner unreachable → nothing promoted, the upload back to `uploaded`; once the scanner
    /// is back, the same event (redelivered) promotes the file without a new upload.
    static func outageThenPromoted(_ harness: PipelineHarness, scanner: any FileScanner) async throws {
        let outage = OutageScanner(base: scanner, down: true)
        let bytes = PipelineFixtures.pdf()
        let record = try await harness.upload(bytes)
        try await harness.run(harness.worker(scanner: outage)) {
            try await harness.announce(record)
            // A hang guard, not a speed check: retries are spaced by the worker's backoff.
            let deadline = ContinuousClock.now + .seconds(60)
            while await outage.refusals < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await outage.refusals >= 3)
            let during = try #require(try await harness.state.upload(fileId: record.fileId))
            #expect([UploadState.uploaded, .scanning].contains(during.state))
            let cleanDuring = try await harness.store.head(.clean, key: record.objectKey)
            let quarantineDuring = try await harness.store.head(.quarantine, key: record.objectKey)
            #expect(cleanDuring == nil)
            #expect(quarantineDuring != nil)
            await outage.setDown(false)
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .clean)
        }
        #expect(try await harness.store.head(.clean, key: record.objectKey) != nil)
        #expect(try await harness.store.head(.quarantine, key: record.objectKey) == nil)
        #expect(try await harness.state.auditEntries(fileId: record.fileId).map(\.action) == ["scan.clean"])
    }

    /// The same event delivered three times (the store's own notification plus two copies,
    /// concurrently), then once more after the file is clean → one promotion and one audit entry.
    static func duplicateEvents(_ harness: PipelineHarness, scanner: any FileScanner) async throws {
        let bytes = PipelineFixtures.pdf(padding: 200_000)
        let record = try await harness.upload(bytes)
        try await harness.run(harness.worker(scanner: scanner, concurrency: 3)) {
            try await harness.announce(record)
            for _ in 0..<2 { try await harness.publish(harness.event(for: record)) }
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .clean)
            // Let the duplicates come back from their retry delays and be acknowledged.
            try await harness.waitUntilDrained()
            // A late duplicate, after the promotion, changes nothing either.
            try await harness.publish(harness.event(for: record))
            try await harness.waitUntilDrained()
        }
        #expect(try await harness.state.auditEntries(fileId: record.fileId).map(\.action) == ["scan.clean"])
        #expect(try await harness.state.scanResults(fileId: record.fileId).count == 1)
        #expect(harness.counter.promotions == 1)
        #expect(try await harness.store.head(.clean, key: record.objectKey)?.size == Int64(bytes.count))
        #expect(try await harness.store.head(.quarantine, key: record.objectKey) == nil)
    }

    static func collect(_ sequence: AnyAsyncSequence<ByteBuffer>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in sequence { bytes += buffer.readableBytesView }
        return bytes
    }
}
