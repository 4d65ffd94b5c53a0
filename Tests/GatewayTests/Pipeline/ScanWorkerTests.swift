import Clamd
import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Gateway

@Suite("Scan worker with the built-in policy scanner")
struct ScanWorkerPolicyTests {
    static let scanner = PolicyScanner()

    @Test("A small clean file is promoted, tagged, and gone from quarantine")
    func clean() async throws {
        try await PipelineScenarios.cleanFilePromoted(.memory(), scanner: Self.scanner)
    }

    @Test("The EICAR file named invoice.pdf is rejected and never reaches clean")
    func eicar() async throws {
        try await PipelineScenarios.eicarRejected(.memory(), scanner: Self.scanner)
    }

    @Test("An ELF binary renamed .pdf is rejected")
    func elf() async throws {
        try await PipelineScenarios.elfAsPDFRejected(.memory(), scanner: Self.scanner)
    }

    @Test("Scanner unreachable: nothing promoted; back up: promoted without a new upload")
    func outage() async throws {
        try await PipelineScenarios.outageThenPromoted(.memory(), scanner: Self.scanner)
    }

    @Test("The same event three times: one promotion, one audit entry")
    func duplicates() async throws {
        try await PipelineScenarios.duplicateEvents(.memory(), scanner: Self.scanner)
    }

    @Test("With rejected objects set to delete, a rejected object is removed from quarantine")
    func deleteRejected() async throws {
        let harness = try PipelineHarness.memory()
        let record = try await harness.upload(PipelineFixtures.eicar)
        try await harness.run(harness.worker(scanner: Self.scanner, rejectedObjects: .delete)) {
            try await harness.announce(record)
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .rejected)
        }
        #expect(try await harness.store.head(.quarantine, key: record.objectKey) == nil)
        #expect(try await harness.store.head(.clean, key: record.objectKey) == nil)
    }

    @Test("A declared SHA-256 that does not match the bytes is rejected")
    func shaMismatch() async throws {
        let harness = try PipelineHarness.memory()
        let record = try await harness.upload(PipelineFixtures.pdf(), sha256: String(repeating: "ab", count: 32))
        try await harness.run(harness.worker(scanner: Self.scanner)) {
            try await harness.announce(record)
            let final = try await harness.waitForFinalState(record.fileId)
            #expect(final.state == .rejected)
            #expect(final.reason?.hasPrefix("sha256_mismatch") == true)
        }
    }

    @Test("Events for unknown keys are acknowledged, and the worker stops when its source ends")
    func unknownKey() async throws {
        let harness = try PipelineHarness.memory()
        try await harness.run(harness.worker(scanner: Self.scanner)) {
            try await harness.publish(ObjectCreatedEvent(key: "uploads/nope", size: 1, etag: nil))
            try await harness.waitUntilDrained()
            let drained = try await harness.drained()
            #expect(drained)
        }
    }
}

@Suite("Scan worker with real clamd", .enabled(if: TestEnvironment.isAvailable(.clamd)))
struct ScanWorkerClamdTests {
    static func scanner() throws -> ClamdScanner {
        ClamdScanner(client: ClamdClient(address: try ClamdAddress(parsing: try TestEnvironment.require(.clamd))))
    }

    @Test("clamd: a small clean file is promoted and gone from quarantine")
    func clean() async throws {
        try await PipelineScenarios.cleanFilePromoted(.memory(), scanner: Self.scanner())
    }

    @Test("clamd: the EICAR file named invoice.pdf is rejected and never reaches clean")
    func eicar() async throws {
        try await PipelineScenarios.eicarRejected(.memory(), scanner: Self.scanner())
    }

    @Test("clamd: an ELF binary renamed .pdf is rejected by the type check")
    func elf() async throws {
        try await PipelineScenarios.elfAsPDFRejected(.memory(), scanner: Self.scanner())
    }

    @Test("clamd unreachable: nothing promoted; back: promoted without a new upload")
    func outage() async throws {
        try await PipelineScenarios.outageThenPromoted(.memory(), scanner: Self.scanner())
    }

    @Test("clamd: the same event three times gives one promotion and one audit entry")
    func duplicates() async throws {
        try await PipelineScenarios.duplicateEvents(.memory(), scanner: Self.scanner())
    }
}
