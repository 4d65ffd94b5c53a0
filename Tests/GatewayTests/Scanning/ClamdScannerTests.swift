import Clamd
import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Gateway

@Suite("clamd scanner")
struct ClamdScannerTests {
    static func scanner() throws -> ClamdScanner {
        let address = try ClamdAddress(parsing: try TestEnvironment.require(.clamd))
        return ClamdScanner(client: ClamdClient(address: address))
    }

    @Test("An unreachable clamd is ScannerUnavailable, never a verdict")
    func unreachable() async throws {
        let scanner = ClamdScanner(
            client: ClamdClient(
                address: try ClamdAddress(parsing: "tcp://127.0.0.1:1"),
                configuration: .init(connectTimeout: .seconds(2))
            )
        )
        await #expect(throws: ScannerUnavailable.self) { try await scanner.version() }
        await #expect(throws: ScannerUnavailable.self) {
            try await scanner.scan(PipelineFixtures.stream(PipelineFixtures.pdf()))
        }
    }

    @Test(
        "Real clamd: a failing byte stream is rethrown unchanged, not reported as the scanner's failure",
        .enabled(if: TestEnvironment.isAvailable(.clamd))
    )
    func sourceFailure() async throws {
        let scanner = try Self.scanner()
        let failing = AnyAsyncSequence(FailingSequence(error: ReadFailed()))
        await #expect(throws: ReadFailed.self) { try await scanner.scan(failing) }
    }

    @Test(
        "Real clamd: a PDF is clean, EICAR inside a PDF is infected", .enabled(if: TestEnvironment.isAvailable(.clamd)))
    func realClamd() async throws {
        let scanner = try Self.scanner()
        #expect(try await scanner.version().hasPrefix("ClamAV"))
        #expect(try await scanner.scan(PipelineFixtures.stream(PipelineFixtures.pdf())) == .clean(scanner: "clamd"))
        let infected = PipelineFixtures.pdf(padding: 100) + PipelineFixtures.eicar + PipelineFixtures.pdf(padding: 10)
        let verdict = try await scanner.scan(PipelineFixtures.stream(infected, chunk: 50))
        guard case .infected(let signature) = verdict else {
            Issue.record("expected infected, got \(verdict)")
            return
        }
        #expect(signature.lowercased().contains("eicar"))
    }
}

/// A storage read failure, for tests.
struct ReadFailed: Error {}

/// A byte stream that fails at once.
struct FailingSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let error: any Error & Sendable

    struct AsyncIterator: AsyncIteratorProtocol {
        let error: any Error & Sendable
        mutating func next() async throws -> ByteBuffer? { throw error }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(error: error) }
}
