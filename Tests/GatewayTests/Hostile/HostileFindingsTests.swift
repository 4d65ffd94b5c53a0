import Foundation
import NIOCore
import Testing
import WebMessaging

@testable import Gateway

/// The fixes the hostile corpus led to, pinned without services: HTML that opens with a comment
/// is HTML, a ZIP appended to another format is found from the file's end, and active markup is
/// not promoted under "any type".
@Suite("Hostile-file findings")
struct HostileFindingsTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func corpus(_ id: String) throws -> [UInt8] {
        try #require(HostileCorpus.committed.first { $0.id == id }).bytes()
    }

    @Test(
        "Markup that opens with comments is sniffed by what follows them, and as HTML when nothing does",
        arguments: [
            ("<!-- notes -->\n<script>alert(1)</script>", "text/html"),
            ("\n<!-- a --> <!-- b -->\n<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
            ("<!-- a comment, then plain words", "text/html"),
            ("<!-- closed --> then plain words", "text/html"),
            ("plain words <!-- not first -->", nil),
        ] as [(String, String?)])
    func commentFirstMarkup(text: String, expected: String?) {
        #expect(FileSniffer.sniff(Self.bytes(text))?.mimeType == expected)
    }

    @Test("A ZIP's end record is found at the end of a ZIP, of a PDF + ZIP and of a JPEG + ZIP, not elsewhere")
    func zipTrailer() throws {
        #expect(ZIPTrailer.endsWithArchive(try Self.corpus("eicar-in-zip-deflated")))
        #expect(ZIPTrailer.endsWithArchive(try Self.corpus("pdf-zip-polyglot")))
        #expect(ZIPTrailer.endsWithArchive(try Self.corpus("jpeg-zip-polyglot")))
        #expect(!ZIPTrailer.endsWithArchive(try Self.corpus("eicar-inside-pdf")))
        #expect(!ZIPTrailer.endsWithArchive(try Self.corpus("truncated-pdf")))
        #expect(!ZIPTrailer.endsWithArchive([]))
        // An end record followed by bytes its comment length does not cover is not an end.
        #expect(!ZIPTrailer.endsWithArchive(try Self.corpus("pdf-zip-polyglot") + Self.bytes("%%EOF\n")))
    }

    @Test("A PDF or JPEG with a ZIP appended is a type mismatch; a ZIP container is not")
    func polyglots() throws {
        let check = ContentTypeCheck()
        for (id, declared) in [("pdf-zip-polyglot", "application/pdf"), ("jpeg-zip-polyglot", "image/jpeg")] {
            let bytes = try Self.corpus(id)
            #expect(check.evaluate(declared: declared, sniffed: FileSniffer.sniff(bytes)) == nil, "head only")
            let reason = check.evaluate(declared: declared, sniffed: FileSniffer.sniff(bytes), tail: bytes)
            #expect(reason?.code == "type_mismatch", "\(id)")
            #expect(reason?.detail.contains("ZIP archive appended") == true, "\(id)")
        }
        let zip = try Self.corpus("eicar-in-zip-deflated")
        #expect(check.evaluate(declared: "application/zip", sniffed: FileSniffer.sniff(zip), tail: zip) == nil)
    }

    @Test(
        "Active markup and script are not promoted under 'any type', only when the allow-list names them",
        arguments: [
            ("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
            ("text/html", "<!doctype html><p>hello</p>"),
            ("application/xhtml+xml", "<html xmlns='http://www.w3.org/1999/xhtml'></html>"),
            ("application/xml", "<?xml version='1.0'?><note/>"),
            ("application/javascript", "alert(document.cookie)"),
        ])
    func activeContent(declared: String, text: String) {
        let sniffed = FileSniffer.sniff(Self.bytes(text))
        #expect(ContentTypeCheck().evaluate(declared: declared, sniffed: sniffed)?.code == "type_not_allowed")
        let canonical = ContentTypeCheck.canonical(declared)
        #expect(ContentTypeCheck(allowedTypes: [canonical]).evaluate(declared: declared, sniffed: sniffed) == nil)
    }

    @Test("The inspector keeps the last bytes of a stream across chunk boundaries")
    func inspectorTail() async throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let inspector = ObjectInspector(headLength: 16, tailLength: 70_000)
        for try await _ in inspector.tap(PipelineFixtures.stream(bytes, chunk: 9_999)) {}
        let inspection = inspector.inspection
        #expect(inspection.head == Array(bytes.prefix(16)))
        #expect(inspection.tail == Array(bytes.suffix(70_000)))
        #expect(inspection.size == Int64(bytes.count))
    }
}
