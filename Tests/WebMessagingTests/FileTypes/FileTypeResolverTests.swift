import Testing

@testable import WebMessaging

/// One resolver expectation: declared MIME type (and optional file name) → category and previewability.
struct MIMECase: Sendable, CustomTestStringConvertible {
    let mime: String?
    let fileName: String?
    let category: FileCategory
    let inline: Bool

    init(_ mime: String?, _ fileName: String?, _ category: FileCategory, inline: Bool) {
        self.mime = mime
        self.fileName = fileName
        self.category = category
        self.inline = inline
    }

    init(_ mime: String?, _ category: FileCategory, inline: Bool) {
        self.init(mime, nil, category, inline: inline)
    }

    var testDescription: String { "\(mime ?? "nil") + \(fileName ?? "nil") → \(category)\(inline ? " inline" : "")" }
}

/// One magic-bytes expectation: declared type and name, actual bytes → verdict.
struct MagicCase: Sendable, CustomTestStringConvertible {
    let mime: String?
    let fileName: String?
    let bytes: [UInt8]
    let category: FileCategory
    let mimeType: String
    let overridden: Bool

    var testDescription: String { "\(mime ?? "nil") \(fileName ?? "") with \(mimeType) bytes → \(category)" }
}

@Suite("FileTypeResolver")
struct FileTypeResolverTests {
    static let mimeCases: [MIMECase] = [
        // Images; SVG can carry script and is never inline
        MIMECase("image/png", .image, inline: true), MIMECase("IMAGE/PNG", .image, inline: true),
        MIMECase("image/jpeg", .image, inline: true), MIMECase("image/jpg", .image, inline: true),
        MIMECase("image/pjpeg", .image, inline: true), MIMECase("image/gif", .image, inline: true),
        MIMECase("image/webp", .image, inline: true), MIMECase("image/avif", .image, inline: true),
        MIMECase("image/bmp", .image, inline: true), MIMECase("image/x-icon", .image, inline: true),
        MIMECase("image/svg+xml", .image, inline: false),
        MIMECase("Image/SVG+XML; charset=utf-8", .image, inline: false),
        MIMECase("image/tiff", .image, inline: false), MIMECase("image/heic", .image, inline: false),
        MIMECase("image/heif", .image, inline: false), MIMECase("image/x-future-format", .image, inline: false),
        // Audio, including voice notes
        MIMECase("audio/ogg; codecs=opus", .audio, inline: true),
        MIMECase("Audio/OGG;Codecs=\"opus\"", .audio, inline: true),
        MIMECase("audio/opus", .audio, inline: true), MIMECase("audio/mp4", .audio, inline: true),
        MIMECase("audio/x-m4a", .audio, inline: true), MIMECase("audio/webm", .audio, inline: true),
        MIMECase("audio/webm;codecs=opus", .audio, inline: true), MIMECase("audio/aac", .audio, inline: true),
        MIMECase("audio/mpeg", .audio, inline: true), MIMECase("audio/mp3", .audio, inline: true),
        MIMECase("audio/amr", .audio, inline: false), MIMECase("audio/3gpp", .audio, inline: false),
        MIMECase("audio/wav", .audio, inline: true), MIMECase("audio/x-wav", .audio, inline: true),
        MIMECase("audio/flac", .audio, inline: true), MIMECase("audio/x-caf", .audio, inline: false),
        // Video
        MIMECase("video/mp4", .video, inline: true), MIMECase("video/webm", .video, inline: true),
        MIMECase("video/webm; codecs=\"vp8, vorbis\"", .video, inline: true),
        MIMECase("video/ogg", .video, inline: true),
        MIMECase("video/quicktime", .video, inline: false), MIMECase("video/3gpp", .video, inline: false),
        MIMECase("video/x-matroska", .video, inline: false), MIMECase("video/x-msvideo", .video, inline: false),
        MIMECase("video/mpeg", .video, inline: false),
        // PDF
        MIMECase("application/pdf", .pdf, inline: true), MIMECase("APPLICATION/PDF", .pdf, inline: true),
        MIMECase("application/x-pdf", .pdf, inline: true),
        // Archives
        MIMECase("application/zip", .archive, inline: false),
        MIMECase("application/x-zip-compressed", .archive, inline: false),
        MIMECase("application/x-7z-compressed", .archive, inline: false),
        MIMECase("application/vnd.rar", .archive, inline: false),
        MIMECase("application/x-rar-compressed", .archive, inline: false),
        MIMECase("application/gzip", .archive, inline: false),
        MIMECase("application/x-tar", .archive, inline: false),
        // Office documents
        MIMECase("application/msword", .document, inline: false),
        MIMECase("application/vnd.openxmlformats-officedocument.wordprocessingml.document", .document, inline: false),
        MIMECase("application/vnd.oasis.opendocument.text", .document, inline: false),
        MIMECase("application/rtf", .document, inline: false), MIMECase("text/rtf", .document, inline: false),
        MIMECase("application/vnd.ms-excel", .spreadsheet, inline: false),
        MIMECase("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", .spreadsheet, inline: false),
        MIMECase("text/csv", .spreadsheet, inline: true),
        MIMECase("text/csv; charset=utf-8", .spreadsheet, inline: true),
        MIMECase("application/vnd.ms-powerpoint", .presentation, inline: false),
        MIMECase(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", .presentation, inline: false
        ),
        MIMECase("application/vnd.oasis.opendocument.presentation", .presentation, inline: false),
        // Text; HTML, XML and scripts are never inline
        MIMECase("text/plain", .text, inline: true), MIMECase("text/plain; charset=UTF-8", .text, inline: true),
        MIMECase("text/markdown", .text, inline: true), MIMECase("application/json", .text, inline: true),
        MIMECase("text/html", .text, inline: false), MIMECase("TEXT/HTML; charset=utf-8", .text, inline: false),
        MIMECase("application/xhtml+xml", .text, inline: false), MIMECase("text/xml", .text, inline: false),
        MIMECase("application/javascript", .text, inline: false), MIMECase("text/x-python", .text, inline: false),
        // Executables
        MIMECase("application/x-msdownload", .executable, inline: false),
        MIMECase("application/x-sh", .executable, inline: false),
        MIMECase("application/x-executable", .executable, inline: false),
        MIMECase("application/java-archive", .executable, inline: false),
        MIMECase("application/x-msi", .executable, inline: false),
        // Nothing usable
        MIMECase("application/x-custom-thing", .unknown, inline: false),
        MIMECase("font/woff2", .unknown, inline: false),
        MIMECase("application/octet-stream", .unknown, inline: false), MIMECase("", .unknown, inline: false),
        MIMECase(nil, .unknown, inline: false), MIMECase("garbage", .unknown, inline: false),
        MIMECase("image/", .unknown, inline: false), MIMECase(" ; charset=utf-8", .unknown, inline: false),
    ]

    static let extensionCases: [MIMECase] = [
        MIMECase("application/octet-stream", "report.pdf", .pdf, inline: true),
        MIMECase("binary/octet-stream", "deck.PPTX", .presentation, inline: false),
        MIMECase(nil, "photo.JPG", .image, inline: true), MIMECase("", "voice.opus", .audio, inline: true),
        MIMECase(nil, "backup.tar.gz", .archive, inline: false), MIMECase(nil, "setup.exe", .executable, inline: false),
        MIMECase(nil, "README", .unknown, inline: false), MIMECase(nil, ".bashrc", .unknown, inline: false),
        MIMECase(nil, "trailing.dot.", .unknown, inline: false),
        MIMECase(nil, "../../etc/passwd.txt", .text, inline: true),
        MIMECase(nil, "C:\\Users\\a\\notes.md", .text, inline: true),
        MIMECase("application/x-unknown-vendor", "data.xlsx", .spreadsheet, inline: false),
        MIMECase("image/png", "mislabelled.pdf", .image, inline: true),
        MIMECase("application/octet-stream", "page.html", .text, inline: false),
        MIMECase(nil, "drawing.svg", .image, inline: false), MIMECase(nil, "clip.MOV", .video, inline: false),
    ]

    @Test("declared MIME types resolve by category and previewability", arguments: mimeCases)
    func mimeTypes(testCase: MIMECase) {
        let resolved = FileTypeResolver.resolve(mimeType: testCase.mime, fileName: testCase.fileName)
        #expect(resolved.category == testCase.category)
        #expect(resolved.isInlinePreviewable == testCase.inline)
        #expect(resolved.iconName == testCase.category.iconName)
    }

    @Test("the MIME table covers at least 60 declared types")
    func coverage() {
        #expect(Set(Self.mimeCases.compactMap(\.mime)).count >= 60)
    }

    @Test("the extension decides when the MIME type is absent, generic or unknown", arguments: extensionCases)
    func extensions(testCase: MIMECase) {
        let resolved = FileTypeResolver.resolve(mimeType: testCase.mime, fileName: testCase.fileName)
        #expect(resolved.category == testCase.category)
        #expect(resolved.isInlinePreviewable == testCase.inline)
    }

    @Test("a bare extension works with or without the dot", arguments: ["pdf", ".pdf", "PDF"])
    func bareExtension(fileExtension: String) {
        #expect(FileTypeResolver.resolve(mimeType: nil, fileExtension: fileExtension).category == .pdf)
    }

    @Test("a known MIME type beats the extension; a generic one defers to it")
    func evidenceOrder() {
        #expect(FileTypeResolver.resolve(mimeType: "image/png", fileName: "x.pdf").source == .mimeType)
        let deferred = FileTypeResolver.resolve(mimeType: "application/octet-stream", fileName: "x.pdf")
        #expect(deferred.source == .fileExtension)
        #expect(deferred.mimeType == "application/pdf")
        let nothing = FileTypeResolver.resolve(mimeType: nil, fileName: nil)
        #expect(nothing.source == .none && nothing.mimeType == "application/octet-stream")
        #expect(FileTypeResolver.resolve(mimeType: "audio/x-m4a").mimeType == "audio/mp4")
    }

    static let magicCases: [MagicCase] = [
        // Lies that matter: the bytes win
        MagicCase(
            mime: "image/jpeg", fileName: "photo.jpg", bytes: MagicBytes.pdf, category: .pdf,
            mimeType: "application/pdf", overridden: true),
        MagicCase(
            mime: "image/png", fileName: "cat.png", bytes: MagicBytes.svg, category: .image,
            mimeType: "image/svg+xml", overridden: true),
        MagicCase(
            mime: "text/plain", fileName: "notes.txt", bytes: MagicBytes.html, category: .text,
            mimeType: "text/html", overridden: true),
        MagicCase(
            mime: "image/png", fileName: "cat.png", bytes: MagicBytes.elf, category: .executable,
            mimeType: "application/x-executable", overridden: true),
        MagicCase(
            mime: "application/pdf", fileName: "invoice.pdf", bytes: MagicBytes.pe, category: .executable,
            mimeType: "application/vnd.microsoft.portable-executable", overridden: true),
        MagicCase(
            mime: "text/plain", fileName: "run.txt", bytes: MagicBytes.shebang, category: .executable,
            mimeType: "application/x-sh", overridden: true),
        MagicCase(
            mime: "image/jpeg", fileName: "x.jpg", bytes: MagicBytes.machO, category: .executable,
            mimeType: "application/x-mach-binary", overridden: true),
        MagicCase(
            mime: "application/zip", fileName: "a.zip", bytes: MagicBytes.pdf, category: .pdf,
            mimeType: "application/pdf", overridden: true),
        MagicCase(
            mime: "text/plain", fileName: "a.txt", bytes: MagicBytes.amr, category: .audio,
            mimeType: "audio/amr", overridden: true),
        MagicCase(
            mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            fileName: "cv.docx", bytes: MagicBytes.gzip, category: .archive, mimeType: "application/gzip",
            overridden: true),
        // Nothing declared: the bytes decide without contradicting anything
        MagicCase(
            mime: "application/octet-stream", fileName: nil, bytes: MagicBytes.png, category: .image,
            mimeType: "image/png", overridden: false),
        MagicCase(
            mime: nil, fileName: nil, bytes: MagicBytes.zip, category: .archive, mimeType: "application/zip",
            overridden: false),
        MagicCase(
            mime: nil, fileName: "noext", bytes: MagicBytes.pe, category: .executable,
            mimeType: "application/vnd.microsoft.portable-executable", overridden: false),
        // Bytes that confirm (same category or same container) keep the declaration
        MagicCase(
            mime: "application/octet-stream", fileName: "scan.pdf", bytes: MagicBytes.pdf, category: .pdf,
            mimeType: "application/pdf", overridden: false),
        MagicCase(
            mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            fileName: "cv.docx", bytes: MagicBytes.zip, category: .document,
            mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            overridden: false),
        MagicCase(
            mime: nil, fileName: "budget.xlsx", bytes: MagicBytes.docx, category: .spreadsheet,
            mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", overridden: false),
        MagicCase(
            mime: "audio/mp4", fileName: "voice.m4a", bytes: MagicBytes.mp4, category: .audio,
            mimeType: "audio/mp4", overridden: false),
        MagicCase(
            mime: "audio/webm;codecs=opus", fileName: nil, bytes: MagicBytes.webm, category: .audio,
            mimeType: "audio/webm", overridden: false),
        MagicCase(
            mime: "audio/ogg; codecs=opus", fileName: "voice.ogg", bytes: MagicBytes.oggOpus, category: .audio,
            mimeType: "audio/ogg", overridden: false),
        MagicCase(
            mime: "application/msword", fileName: "old.doc", bytes: MagicBytes.ole2, category: .document,
            mimeType: "application/msword", overridden: false),
        MagicCase(
            mime: "image/jpeg", fileName: nil, bytes: MagicBytes.png, category: .image, mimeType: "image/jpeg",
            overridden: false),
        MagicCase(
            mime: "application/x-sh", fileName: "install.sh", bytes: MagicBytes.shebang, category: .executable,
            mimeType: "application/x-sh", overridden: false),
        MagicCase(
            mime: "application/java-archive", fileName: "app.jar", bytes: MagicBytes.zip,
            category: .executable, mimeType: "application/java-archive", overridden: false),
        // Unrecognised bytes leave the declaration alone
        MagicCase(
            mime: "text/plain", fileName: "a.txt", bytes: MagicBytes.plainText, category: .text,
            mimeType: "text/plain", overridden: false),
        MagicCase(
            mime: "image/png", fileName: nil, bytes: [], category: .image, mimeType: "image/png",
            overridden: false),
    ]

    @Test(
        "magic bytes win over declared type and extension when they disagree in a way that matters",
        arguments: magicCases)
    func magicBytes(testCase: MagicCase) {
        let resolved = FileTypeResolver.resolve(
            mimeType: testCase.mime, fileName: testCase.fileName,
            bytes: testCase.bytes)
        #expect(resolved.category == testCase.category)
        #expect(resolved.mimeType == testCase.mimeType)
        #expect(resolved.contradictsDeclaration == testCase.overridden)
        #expect(resolved.source == .magicBytes || !testCase.overridden)
        let scriptCapable = ["image/svg+xml", "text/html"].contains(resolved.mimeType)
        if resolved.category == .executable || scriptCapable {
            #expect(!resolved.isInlinePreviewable)
        }
    }
}
