import NIOCore
import Testing

@testable import Gateway

/// The policy scanner on multi-megabyte streams: the memchr-based search still finds patterns
/// deep in the stream and across chunk boundaries, and the script search only applies to markup.
@Suite("Built-in policy scanner on large streams")
struct PolicyScannerLargeFileTests {
    static func stream(_ bytes: [UInt8]) -> AnyAsyncSequence<ByteBuffer> {
        PipelineFixtures.stream(bytes, chunk: 64 * 1024 + 3)
    }

    @Test("EICAR at the end of 4 MiB is found")
    func eicarDeep() async throws {
        var bytes = PipelineFixtures.pdf(padding: 4 << 20)
        bytes += PipelineFixtures.eicar
        #expect(
            try await PolicyScanner().scan(Self.stream(bytes)) == .infected(signature: PolicyScanner.Signature.eicar))
    }

    @Test("Script deep inside markup is flagged; the same text inside a PDF is not")
    func scriptOnlyInMarkup() async throws {
        let filler = [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20)
        let script = Array("<SCRIPT>alert(1)</script>".utf8)
        let html = Array("<!doctype html><html><body>".utf8) + filler + script
        #expect(
            try await PolicyScanner().scan(Self.stream(html))
                == .infected(signature: PolicyScanner.Signature.markupScript))
        let pdf = PipelineFixtures.pdf(padding: 2 << 20) + script
        #expect(try await PolicyScanner().scan(Self.stream(pdf)) == .clean(scanner: "policy"))
    }

    @Test("Patterns whose first byte repeats are found after near misses")
    func nearMisses() {
        #expect(StreamPatternSearch.contains(Array("aaaab".utf8), Array("aab".utf8)))
        #expect(!StreamPatternSearch.contains(Array("aaaa".utf8), Array("aab".utf8)))
        #expect(StreamPatternSearch.contains(Array("xyz".utf8), Array("xyz".utf8)))
        #expect(!StreamPatternSearch.contains(Array("xy".utf8), Array("xyz".utf8)))
    }
}
