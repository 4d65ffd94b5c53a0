import NIOCore
import Testing

@testable import Gateway

@Suite("Built-in policy scanner")
struct PolicyScannerTests {
    static let scanner = PolicyScanner()

    @Test(
        "EICAR is found anywhere, also when it straddles a chunk boundary",
        arguments: [1, 7, 33, 67, 68, 500, 4_096]
    )
    func eicarAcrossChunks(chunk: Int) async throws {
        let bytes = PipelineFixtures.pdf(padding: 300) + PipelineFixtures.eicar + Array("trailer".utf8)
        let verdict = try await Self.scanner.scan(PipelineFixtures.stream(bytes, chunk: chunk))
        #expect(verdict == .infected(signature: PolicyScanner.Signature.eicar))
    }

    @Test(
        "Executables and scripts are found by their first bytes",
        arguments: [
            ([0x7F, 0x45, 0x4C, 0x46, 0, 0], PolicyScanner.Signature.elf),
            (Array("MZ\u{90}\u{0}".utf8), PolicyScanner.Signature.portableExecutable),
            ([0xCF, 0xFA, 0xED, 0xFE, 7, 0], PolicyScanner.Signature.machO),
            (Array("#!/bin/sh\nrm -rf /\n".utf8), PolicyScanner.Signature.shebang),
        ] as [([UInt8], String)])
    func executables(bytes: [UInt8], signature: String) async throws {
        let verdict = try await Self.scanner.scan(PipelineFixtures.stream(bytes + Array(repeating: 0, count: 100)))
        #expect(verdict == .infected(signature: signature))
    }

    @Test(
        "HTML and SVG with script are flagged; markup without script and text mentioning it are not",
        arguments: [
            ("<!DOCTYPE html><html><body><SCRIPT>alert(1)</SCRIPT>", true),
            ("  <svg xmlns='http://www.w3.org/2000/svg' onload=\"alert(1)\"/>", true),
            ("<svg><a href='javascript:alert(1)'>x</a></svg>", true),
            ("<html><body>hello</body></html>", false),
            ("Dear agent, please never type <script> into the form.", false),
        ])
    func markupScripts(text: String, flagged: Bool) async throws {
        let verdict = try await Self.scanner.scan(PipelineFixtures.stream(Array(text.utf8), chunk: 5))
        #expect(
            verdict
                == (flagged ? .infected(signature: PolicyScanner.Signature.markupScript) : .clean(scanner: "policy")))
    }

    @Test("A plain PDF and an empty file are clean, and the version says it is not an antivirus")
    func cleanFiles() async throws {
        #expect(
            try await Self.scanner.scan(PipelineFixtures.stream(PipelineFixtures.pdf())) == .clean(scanner: "policy"))
        #expect(try await Self.scanner.scan(PipelineFixtures.stream([])) == .clean(scanner: "policy"))
        #expect(try await Self.scanner.version().contains("not an antivirus"))
        #expect(!Self.scanner.isAntivirus)
    }

    @Test("The pattern search keeps only what it needs and finds patterns split over many feeds")
    func patternSearch() {
        var search = StreamPatternSearch(patterns: [Array("abcdef".utf8)])
        #expect(search.feed(Array("xxab".utf8)) == nil)
        #expect(search.feed(Array("c".utf8)) == nil)
        #expect(search.feed(Array("de".utf8)) == nil)
        #expect(search.feed(Array("fyy".utf8)) == 0)
    }
}
