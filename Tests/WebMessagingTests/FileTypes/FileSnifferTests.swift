import Testing

@testable import WebMessaging

@Suite("FileSniffer")
struct FileSnifferTests {
    @Test(
        "magic bytes identify the format",
        arguments: [
            (MagicBytes.pdf, "application/pdf"), (MagicBytes.png, "image/png"), (MagicBytes.jpeg, "image/jpeg"),
            (MagicBytes.gif, "image/gif"), (MagicBytes.webp, "image/webp"), (MagicBytes.bmp, "image/bmp"),
            (MagicBytes.tiff, "image/tiff"), (MagicBytes.heic, "image/heic"), (MagicBytes.avif, "image/avif"),
            (MagicBytes.wav, "audio/wav"), (MagicBytes.avi, "video/x-msvideo"), (MagicBytes.mp4, "video/mp4"),
            (MagicBytes.m4a, "audio/mp4"), (MagicBytes.mov, "video/quicktime"), (MagicBytes.threeGP, "video/3gpp"),
            (MagicBytes.webm, "video/webm"), (MagicBytes.mkv, "video/x-matroska"), (MagicBytes.oggOpus, "audio/ogg"),
            (MagicBytes.oggTheora, "video/ogg"), (MagicBytes.mp3ID3, "audio/mpeg"), (MagicBytes.mp3Frame, "audio/mpeg"),
            (MagicBytes.aacADTS, "audio/aac"), (MagicBytes.flac, "audio/flac"), (MagicBytes.amr, "audio/amr"),
            (MagicBytes.zip, "application/zip"),
            (MagicBytes.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (MagicBytes.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (MagicBytes.odt, "application/vnd.oasis.opendocument.text"), (MagicBytes.epub, "application/epub+zip"),
            (MagicBytes.jar, "application/java-archive"), (MagicBytes.ole2, "application/x-ole-storage"),
            (MagicBytes.rar, "application/vnd.rar"), (MagicBytes.sevenZip, "application/x-7z-compressed"),
            (MagicBytes.gzip, "application/gzip"), (MagicBytes.xz, "application/x-xz"),
            (MagicBytes.tar, "application/x-tar"), (MagicBytes.rtf, "application/rtf"),
            (MagicBytes.elf, "application/x-executable"),
            (MagicBytes.pe, "application/vnd.microsoft.portable-executable"),
            (MagicBytes.machO, "application/x-mach-binary"), (MagicBytes.machOFat, "application/x-mach-binary"),
            (MagicBytes.shebang, "application/x-sh"), (MagicBytes.wasm, "application/wasm"),
            (MagicBytes.svg, "image/svg+xml"), (MagicBytes.svgWithXMLDeclaration, "image/svg+xml"),
            (MagicBytes.html, "text/html"), (MagicBytes.xml, "application/xml"),
        ]
    )
    func identifies(bytes: [UInt8], mimeType: String) throws {
        let detected = try #require(FileTypeResolver.sniff(bytes))
        #expect(detected.mimeType == mimeType)
        #expect(detected.category == FileTypeTable.entry(forMimeType: mimeType)?.category)
    }

    @Test(
        "executable formats are the executable category and never previewable",
        arguments: [
            MagicBytes.elf, MagicBytes.pe, MagicBytes.machO, MagicBytes.machOFat, MagicBytes.shebang,
            MagicBytes.wasm,
        ]
    )
    func executables(bytes: [UInt8]) throws {
        let detected = try #require(FileSniffer.sniff(bytes))
        #expect(detected.category == .executable)
        #expect(!detected.isInlinePreviewable)
    }

    @Test(
        "plain text, unknown binary and too-short input are not identified",
        arguments: [MagicBytes.plainText, [], [0xFF], [0x00, 0x01, 0x02, 0x03], MagicBytes.ascii("BMW annual report")]
    )
    func unidentified(bytes: [UInt8]) {
        #expect(FileSniffer.sniff(bytes) == nil)
    }

    @Test("every MIME type a signature names is in the table")
    func signaturesAreInTable() {
        for signature in MagicSignature.table {
            #expect(FileTypeTable.entry(forMimeType: signature.mimeType) != nil, "\(signature.mimeType)")
        }
    }

    @Test("sniffing works on any byte collection, e.g. an ArraySlice")
    func acceptsSlices() {
        let padded = [0x00] + MagicBytes.pdf
        #expect(FileSniffer.sniff(padded[1...])?.mimeType == "application/pdf")
    }
}
