import Testing

@testable import Gateway

@Suite("Filename sanitiser")
struct FilenameSanitizerTests {
    @Test(
        "sanitize keeps names safe for display and headers",
        arguments: [
            ("invoice.pdf", "invoice.pdf"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\me\\report.docx", "report.docx"),
            ("a\u{0}b.pdf", "ab.pdf"),
            ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
            ("  .hidden.  ", "hidden"),
            ("tab\tand\nnewline.txt", "tab and newline.txt"),
            ("what?<is>this*.pdf", "what__is_this_.pdf"),
            ("CON.txt", "_CON.txt"),
            ("📎 Rechnung März.pdf", "📎 Rechnung März.pdf"),
            ("👨‍👩‍👧.png", "👨‍👩‍👧.png"),
            ("", "file"),
            ("...", "file"),
            ("\u{200B}\u{FEFF}", "file"),
        ])
    func sanitize(input: String, expected: String) {
        #expect(FilenameSanitizer.sanitize(input) == expected)
    }

    @Test("sanitize truncates long names to 255 bytes and keeps the extension")
    func truncates() {
        let long = String(repeating: "é", count: 600) + ".pdf"
        let clean = FilenameSanitizer.sanitize(long)
        #expect(clean.utf8.count <= FilenameSanitizer.maxBytes)
        #expect(clean.hasSuffix(".pdf"))
    }

    @Test(
        "validate refuses what no honest client sends",
        arguments: [
            ("../secret.pdf", FilenameSanitizer.Refusal.pathSeparator),
            ("a\\b.pdf", .pathSeparator),
            ("a\u{0}.pdf", .controlCharacter),
            ("a\u{7}.pdf", .controlCharacter),
            ("invoice\u{202E}fdp.exe", .bidiControl),
            ("x\u{2067}.pdf", .bidiControl),
            ("   ", .empty),
            ("..", .empty),
            (String(repeating: "a", count: 1024) + ".pdf", .tooLong(bytes: 1028)),
        ])
    func refuses(input: String, refusal: FilenameSanitizer.Refusal) {
        #expect(throws: refusal) { try FilenameSanitizer.validate(input) }
    }

    @Test("validate accepts emoji and accents unchanged")
    func acceptsUnicode() throws {
        #expect(try FilenameSanitizer.validate("🎉 party.jpg") == "🎉 party.jpg")
        #expect(try FilenameSanitizer.validate("Café.pdf") == "Café.pdf")
    }

    @Test("extensions lists every extension, last first, lowercased")
    func extensions() {
        #expect(FilenameSanitizer.extensions(of: "a.Tar.GZ") == ["gz", "tar"])
        #expect(FilenameSanitizer.extensions(of: "invoice.pdf.exe") == ["exe", "pdf"])
        #expect(FilenameSanitizer.extensions(of: "README") == [])
    }
}
