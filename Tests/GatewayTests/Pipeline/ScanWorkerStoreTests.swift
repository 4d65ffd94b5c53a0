import Clamd
import Foundation
import TestSupport
import Testing

@testable import Gateway

@Suite("Scan pipeline in dev mode: embedded store and built-in policy scanner")
struct ScanWorkerLocalStoreTests {
    static let scanner = PolicyScanner()

    @Test("Local store: a small clean file is promoted and gone from quarantine")
    func clean() async throws {
        try await PipelineScenarios.cleanFilePromoted(.local(), scanner: Self.scanner)
    }

    @Test("Local store: the EICAR file named invoice.pdf is rejected and never reaches clean")
    func eicar() async throws {
        try await PipelineScenarios.eicarRejected(.local(), scanner: Self.scanner)
    }

    @Test("Local store: an ELF binary renamed .pdf is rejected")
    func elf() async throws {
        try await PipelineScenarios.elfAsPDFRejected(.local(), scanner: Self.scanner)
    }

    @Test("Local store: scanner unreachable → nothing promoted; back → promoted without a new upload")
    func outage() async throws {
        try await PipelineScenarios.outageThenPromoted(.local(), scanner: Self.scanner)
    }

    @Test("Local store: the same event three times gives one promotion and one audit entry")
    func duplicates() async throws {
        try await PipelineScenarios.duplicateEvents(.local(), scanner: Self.scanner)
    }
}

@Suite(
    "Scan pipeline in production mode: S3 + SQS in moto, real clamd",
    .enabled(if: TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd))
)
struct ScanWorkerS3Tests {
    static func scanner() throws -> ClamdScanner {
        ClamdScanner(client: ClamdClient(address: try ClamdAddress(parsing: try TestEnvironment.require(.clamd))))
    }

    @Test("S3: a small clean file is promoted to the clean bucket and gone from quarantine")
    func clean() async throws {
        try await PipelineScenarios.cleanFilePromoted(.s3(), scanner: Self.scanner())
    }

    @Test("S3: the EICAR file named invoice.pdf is rejected and never reaches the clean bucket")
    func eicar() async throws {
        try await PipelineScenarios.eicarRejected(.s3(), scanner: Self.scanner())
    }

    @Test("S3: an ELF binary renamed .pdf is rejected by the type check")
    func elf() async throws {
        try await PipelineScenarios.elfAsPDFRejected(.s3(), scanner: Self.scanner())
    }

    @Test("S3: clamd unreachable → nothing promoted; back → promoted without a new upload")
    func outage() async throws {
        try await PipelineScenarios.outageThenPromoted(.s3(), scanner: Self.scanner())
    }

    @Test("S3: the same S3 event delivered three times gives one promotion and one audit entry")
    func duplicates() async throws {
        try await PipelineScenarios.duplicateEvents(.s3(), scanner: Self.scanner())
    }
}
