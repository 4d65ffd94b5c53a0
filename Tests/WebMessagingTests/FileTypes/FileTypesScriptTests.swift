import Foundation
import Testing

@testable import WebMessaging

/// The browser's `file-types.js` is generated from the Swift table, and the cases its test runs
/// carry the Swift resolver's answers: either file going stale fails here with the command that
/// regenerates both (`ATTACHE_REGENERATE_FILE_TYPES=1`, see ``FileTypesScript``).
@Suite("file-types.js against the Swift FileTypeTable")
struct FileTypesScriptTests {
    /// One name + declared type and what the Swift resolver answers for it.
    struct Case: Encodable {
        struct Expected: Encodable {
            var category: String
            var mime: String
            var inline: Bool
            var source: String
        }

        var filename: String?
        var mime: String?
        var expected: Expected

        init(_ filename: String?, _ mime: String?) {
            self.filename = filename
            self.mime = mime
            let resolved = FileTypeResolver.resolve(mimeType: mime, fileName: filename)
            expected = Expected(
                category: resolved.category.rawValue, mime: resolved.mimeType, inline: resolved.isInlinePreviewable,
                source: resolved.source.rawValue)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(filename, forKey: .filename)
            try container.encode(mime, forKey: .mime)
            try container.encode(expected, forKey: .expected)
        }

        enum CodingKeys: String, CodingKey { case filename, mime, expected }
    }

    /// Every extension, MIME type and alias of the table, plus the edge cases of both parsers.
    static func cases() -> [Case] {
        var cases: [Case] = []
        for entry in FileTypeTable.entries {
            for name in entry.extensions {
                cases.append(Case("file.\(name)", nil))
                cases.append(Case("Upper.\(name.uppercased())", "application/octet-stream"))
            }
            for name in [entry.mimeType] + entry.aliases {
                cases.append(Case(nil, name))
                cases.append(Case("no-extension", " \(name.uppercased()) ; charset=\"x\""))
            }
        }
        let pairs: [(String?, String?)] = [
            ("report.pdf", "image/png"), ("photo.png", "application/pdf"), ("a.pdf", "application/octet-stream"),
            ("a.pdf", "binary/octet-stream"), ("a.pdf", "*/*"), ("a.pdf", ""), ("a.pdf", nil), (nil, nil), ("", ""),
            ("x.bin", "image/x-new"), (nil, "audio/x-foo"), (nil, "text/x-foo"), (nil, "video/x-foo"),
            ("a.zip", "application/x-foo"), (nil, "application/x-foo"), (nil, "font/woff2"), ("voice.opus", nil),
            (nil, "audio/ogg; codecs=opus"), (nil, "audio/webm;codecs=opus"), ("clip.webm", "video/webm"),
            (nil, "image/"), (nil, "/png"), (nil, "image png"), (nil, "image/png/x"), (nil, "imäge/png"),
            (nil, "  image/png  "), (nil, "image/png\r\n"), (nil, "\timage/png\n"), (nil, "IMAGE/PNG ; q=1"),
            (nil, "image/png;\u{301}x"), (nil, "image\u{301}/png"), (nil, ";image/png"), (nil, "image/png;"),
            ("archive.tar.gz", nil), ("x.TAR.GZ", nil), ("backup.tar.bz2", nil), ("a.b.tgz", nil), (".bashrc", nil),
            ("README", nil), ("a.", nil), ("..png", nil), (".png", nil), ("a..pdf", nil), ("dir/evil.exe", nil),
            ("dir\\x.pdf", nil), ("a/b/", nil), (" spaced.pdf ", nil), ("x.pdf\r\n", nil), ("x.pdf\n", nil),
            ("a.\u{301}.png", nil), ("\u{212A}.pdf", nil), ("name.PnG", nil), ("photo.jpeg", "image/jpg"),
            ("<script>alert(1)</script>.html", nil), ("invoice.pdf.exe", "application/pdf"), ("x.svg", "image/png"),
            ("song.mp3", "audio/mpeg3"), ("doc.docx", "application/zip"), ("clip.mov", nil), ("ü.PDF", nil),
            ("C:\\Users\\a\\Desktop\\scan.TIFF", nil), ("x.pdf/", nil), ("x.pdf.", nil), ("x .pdf", nil),
        ]
        cases += pairs.map { Case($0.0, $0.1) }
        return cases
    }

    /// The text of the case list.
    static func renderCases() -> String {
        "[\n" + cases().map { "  " + FileTypesScript.json($0) }.joined(separator: ",\n") + "\n]\n"
    }

    @Test("Public/js/file-types.js and the JavaScript test's cases are what the Swift table renders")
    func upToDate() throws {
        let files = [
            (FileTypesScript.scriptURL, FileTypesScript.render()), (FileTypesScript.casesURL, Self.renderCases()),
        ]
        if ProcessInfo.processInfo.environment[FileTypesScript.regenerateVariable] == "1" {
            for (url, text) in files {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
        }
        for (url, text) in files {
            let committed = try? String(contentsOf: url, encoding: .utf8)
            #expect(
                committed == text,
                """
                \(url.path) is not what Sources/WebMessaging/FileTypes renders (the Swift table changed?). \
                Run \(FileTypesScript.regenerateCommand) to regenerate it, then commit it.
                """)
        }
    }

    /// `node` on the PATH, if any (the JavaScript tests need Node 20 or later).
    static let node: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/node" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(
        "node --test Tests/JavaScript/file-types.test.mjs passes: the browser resolver gives the Swift answers",
        .enabled(if: node != nil))
    func javaScriptAgrees() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.node))
        process.arguments = ["--test", "Tests/JavaScript/file-types.test.mjs"]
        process.currentDirectoryURL = FileTypesScript.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text.suffix(4000))")
    }

    @Test("The generated table keeps the Swift table's order and every MIME type, alias and extension")
    func complete() {
        let script = FileTypesScript.render()
        for entry in FileTypeTable.entries {
            #expect(script.contains(#""mime":"\#(entry.mimeType)""#), "\(entry.mimeType)")
        }
        #expect(Self.cases().count > FileTypeTable.entries.count * 2)
    }
}
