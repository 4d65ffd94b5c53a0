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

    @Test("The printable-ASCII fast path gives what the Unicode path gives, on 20,000 random names")
    func asciiFastPathMatches() {
        // Weighted towards the bytes the rules treat specially: separators, spaces, dots, reserved.
        let special = Array(#"/\ .<>:"|?*"#.utf8)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let length = round < 19_000 ? Int.random(in: 0...24, using: &generator) : Int.random(in: 250...300)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? special.randomElement(using: &generator) ?? 0x20
                    : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            let name = String(decoding: bytes, as: UTF8.self)
            let fast = FilenameSanitizer.sanitizePrintableASCII(name)
            let general = FilenameSanitizer.sanitizeUnicode(name)
            #expect(fast == general, "\(name.debugDescription)")
            if fast != general { return }
        }
        for reserved in ["con", "CON.txt", " aux .pdf", "LPT1.tar.gz", "com10.pdf"] {
            #expect(FilenameSanitizer.sanitizePrintableASCII(reserved) == FilenameSanitizer.sanitizeUnicode(reserved))
        }
    }

    @Test("Trimming and extensions treat tab and Unicode space separators as Foundation's whitespace does")
    func unicodeSpaces() {
        #expect(FilenameSanitizer.trimmed("\u{3000}. report .\u{A0}") == "report")
        #expect(FilenameSanitizer.extensions(of: "a.\u{2003}PDF\t") == ["pdf"])
        #expect(UploadPolicy.normalizedContentType("\tText/Plain\u{2009}; charset=x") == "text/plain")
    }
}
