import Clamd
import Foundation
import NIOCore
import TestSupport
import Testing

/// Against the real clamd that `scripts/test` starts, with the EICAR-only test database.
@Suite("ClamdClient against a real clamd", .enabled(if: TestEnvironment.isAvailable(.clamd)))
struct ClamdClientTests {
    func client(chunkSize: Int = 256 * 1024) throws -> ClamdClient {
        let address = try ClamdAddress(parsing: try TestEnvironment.require(.clamd))
        return ClamdClient(address: address, configuration: .init(chunkSize: chunkSize))
    }

    @Test("PING answers PONG and VERSION names ClamAV")
    func pingAndVersion() async throws {
        let clamd = try client()
        try await clamd.ping()
        let version = try await clamd.version()
        #expect(version.hasPrefix("ClamAV "))
    }

    @Test(
        "EICAR is found wherever it hides: bare, padded, embedded in a PDF at an offset, zipped",
        arguments: ["bare", "trailing newline", "padded", "inside a fake PDF", "inside a deflated ZIP"]
    )
    func eicarIsFound(form: String) async throws {
        let bytes: [UInt8] =
            switch form {
            case "bare": TestData.eicar
            case "trailing newline": TestData.eicar + [0x0A]
            case "padded": TestData.cleanBytes(10_000) + TestData.eicar + TestData.cleanBytes(10_000, seed: 3)
            case "inside a fake PDF": TestData.fakePDF(embedding: TestData.eicar)
            default: try TestData.zip(TestData.eicar, member: "invoice.pdf")
            }
        if form == "inside a deflated ZIP" {
            // The archive must not contain the string verbatim, or the test would prove nothing about unpacking.
            #expect(bytes.count > 0 && !Data(bytes).contains(Data(TestData.eicar)))
        }
        let result = try await client().scan(bytes: bytes)
        #expect(result == .infected(signature: TestData.eicarSignature))
    }

    @Test("Clean data passes: random bytes, text, a PDF without a payload, an empty stream")
    func cleanDataPasses() async throws {
        let clamd = try client()
        #expect(try await clamd.scan(bytes: TestData.cleanBytes(100_000)) == .clean)
        #expect(try await clamd.scan(bytes: Array("Hello, agent! Here is my invoice.\n".utf8)) == .clean)
        #expect(try await clamd.scan(bytes: TestData.fakePDF(embedding: [])) == .clean)
        #expect(try await clamd.scan(bytes: [UInt8]()) == .clean)
    }

    @Test("A stream of many tiny chunks is reassembled: EICAR split across 3-byte chunks is found")
    func manySmallChunks() async throws {
        let clamd = try client()
        let infected = TestData.cleanBytes(5000) + TestData.eicar + TestData.cleanBytes(5000, seed: 9)
        #expect(
            try await clamd.scan(Pieces(bytes: infected, pieceLength: 3))
                == .infected(signature: TestData.eicarSignature))
        #expect(try await clamd.scan(Pieces(bytes: TestData.cleanBytes(65_536), pieceLength: 61)) == .clean)
    }

    @Test("One large buffer is split into chunkSize frames and still scanned as one stream")
    func smallChunkSizeSplitsBuffers() async throws {
        let clamd = try client(chunkSize: 7)
        let infected = TestData.cleanBytes(1000) + TestData.eicar
        #expect(try await clamd.scan(bytes: infected) == .infected(signature: TestData.eicarSignature))
    }

    @Test("Multi-MiB streams: 24 MiB clean passes; 24 MiB with EICAR at the very end is found")
    func multiMebibyteStreams() async throws {
        let clamd = try client()
        let mebibyte = TestData.cleanBytes(1 << 20)
        let clean = AsyncStream<ByteBuffer> { continuation in
            for _ in 0..<24 { continuation.yield(ByteBuffer(bytes: mebibyte)) }
            continuation.finish()
        }
        #expect(try await clamd.scan(clean) == .clean)
        let infected = AsyncStream<ByteBuffer> { continuation in
            for _ in 0..<24 { continuation.yield(ByteBuffer(bytes: mebibyte)) }
            continuation.yield(ByteBuffer(bytes: TestData.eicar))
            continuation.finish()
        }
        #expect(try await clamd.scan(infected) == .infected(signature: TestData.eicarSignature))
    }

    @Test("Concurrent scans on separate connections each get their own verdict")
    func concurrentScans() async throws {
        let clamd = try client()
        let results = try await withThrowingTaskGroup(of: (Int, ClamdScanResult).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let bytes =
                        index.isMultiple(of: 2)
                        ? TestData.cleanBytes(50_000) : TestData.fakePDF(embedding: TestData.eicar)
                    return (index, try await clamd.scan(bytes: bytes))
                }
            }
            return try await group.reduce(into: [Int: ClamdScanResult]()) { $0[$1.0] = $1.1 }
        }
        for (index, result) in results {
            #expect(result == (index.isMultiple(of: 2) ? .clean : .infected(signature: TestData.eicarSignature)))
        }
    }

    @Test("A throwing source abandons the scan with sourceFailed, never a verdict")
    func throwingSource() async throws {
        struct Broken: Error {}
        let source = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            continuation.yield(ByteBuffer(bytes: TestData.cleanBytes(1000)))
            continuation.finish(throwing: Broken())
        }
        await #expect {
            try await client().scan(source)
        } throws: { error in
            guard case .sourceFailed(let underlying) = error as? ClamdError else { return false }
            return underlying is Broken
        }
    }
}
