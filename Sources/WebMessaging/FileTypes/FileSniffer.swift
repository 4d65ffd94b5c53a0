/// Magic-byte detection: what a file's first bytes say it is, independent of its name or declared type.
public enum FileSniffer {
    /// How many leading bytes ``sniff(_:)`` looks at; pass at least this many for the best answer.
    public static let prefixLength = 8192

    /// The type the bytes indicate, or `nil` when they match no known signature (plain text,
    /// unknown binary, or too few bytes).
    public static func sniff(_ bytes: some Collection<UInt8>) -> DetectedType? {
        let data = Array(bytes.prefix(prefixLength))
        guard let mimeType = detectMimeType(data), let entry = FileTypeTable.entry(forMimeType: mimeType) else {
            return nil
        }
        return DetectedType(entry: entry)
    }

    static func detectMimeType(_ data: [UInt8]) -> String? {
        if let special = isoMedia(data) ?? riff(data) ?? ebml(data) ?? ogg(data) ?? zip(data) {
            return special
        }
        if let signature = MagicSignature.table.first(where: { $0.matches(data) }) {
            return signature.mimeType
        }
        return aiff(data) ?? bmp(data) ?? mpegAudio(data) ?? markup(data)
    }

    // MARK: Containers

    private static func isoMedia(_ data: [UInt8]) -> String? {
        guard matches(data, at: 4, "ftyp"), data.count >= 12 else { return nil }
        let brand = String(decoding: data[8..<12], as: UTF8.self)
        switch brand {
        case "avif", "avis": return "image/avif"
        case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1": return "image/heic"
        case "M4A ", "M4B ", "M4P ", "F4A ": return "audio/mp4"
        case "qt  ": return "video/quicktime"
        default: return brand.hasPrefix("3g") ? "video/3gpp" : "video/mp4"
        }
    }

    private static func riff(_ data: [UInt8]) -> String? {
        guard matches(data, at: 0, "RIFF") else { return nil }
        if matches(data, at: 8, "WEBP") { return "image/webp" }
        if matches(data, at: 8, "WAVE") { return "audio/wav" }
        if matches(data, at: 8, "AVI ") { return "video/x-msvideo" }
        return nil
    }

    private static func ebml(_ data: [UInt8]) -> String? {
        guard data.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) else { return nil }
        return contains(data.prefix(64), "webm") ? "video/webm" : "video/x-matroska"
    }

    private static func ogg(_ data: [UInt8]) -> String? {
        guard matches(data, at: 0, "OggS") else { return nil }
        return contains(data.prefix(128), "theora") ? "video/ogg" : "audio/ogg"
    }

    private static func zip(_ data: [UInt8]) -> String? {
        guard data.starts(with: [0x50, 0x4B]), data.count >= 4,
            [(0x03, 0x04), (0x05, 0x06), (0x07, 0x08)].contains(where: { data[2] == $0.0 && data[3] == $0.1 })
        else {
            return nil
        }
        // OpenDocument and EPUB store an uncompressed `mimetype` file first; its lowercase text runs
        // until the next header's `PK` (0x50).
        if matches(data, at: 30, "mimetype") {
            let declared = data.dropFirst(38).prefix(80).prefix { $0 > 0x20 && $0 < 0x7F && $0 != 0x50 }
            let text = String(decoding: declared, as: UTF8.self)
            if FileTypeTable.entry(forMimeType: text)?.container == .zip { return text }
        }
        if contains(data, "word/") { return "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }
        if contains(data, "xl/") { return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
        if contains(data, "ppt/") {
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        }
        if contains(data, "AndroidManifest.xml") { return "application/vnd.android.package-archive" }
        if contains(data, "META-INF/MANIFEST.MF") { return "application/java-archive" }
        return "application/zip"
    }

    // MARK: Weaker signatures

    private static func aiff(_ data: [UInt8]) -> String? {
        matches(data, at: 0, "FORM") && (matches(data, at: 8, "AIFF") || matches(data, at: 8, "AIFC"))
            ? "audio/aiff" : nil
    }

    private static func bmp(_ data: [UInt8]) -> String? {
        // "BM", then a 4-byte size, then 4 reserved bytes that are zero.
        guard matches(data, at: 0, "BM"), data.count >= 14, data[6..<10].allSatisfy({ $0 == 0 }) else { return nil }
        return "image/bmp"
    }

    private static func mpegAudio(_ data: [UInt8]) -> String? {
        guard data.count >= 2, data[0] == 0xFF, data[1] & 0xE0 == 0xE0 else { return nil }
        // Layer bits 00 with MPEG sync = ADTS (AAC); otherwise an MPEG audio frame (MP3).
        return data[1] & 0xF6 == 0xF0 ? "audio/aac" : "audio/mpeg"
    }

    private static func markup(_ data: [UInt8]) -> String? {
        var start = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let window = min(data.count, 1024)
        var openedWithComment = false
        while true {
            while start < window, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) {
                start += 1
            }
            // A leading `<!--` is HTML to a browser (WHATWG MIME sniffing); skip comments so the
            // markup after them decides, and call it HTML when nothing else does.
            guard matches(data, at: start, "<!--") else { break }
            openedWithComment = true
            guard let end = index(of: "-->", in: data[..<window], from: start + 4) else { return "text/html" }
            start = end + 3
        }
        let head = Array(data[start...].prefix(1024)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        if let type = markupType(head) { return type }
        return openedWithComment ? "text/html" : nil
    }

    /// What markup the (lowercased) text starting at the first tag is.
    private static func markupType(_ head: [UInt8]) -> String? {
        if head.starts(with: Array("<svg".utf8)) || head.starts(with: Array("<!doctype svg".utf8)) {
            return "image/svg+xml"
        }
        let htmlOpeners = ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta", "<style"]
        if htmlOpeners.contains(where: { head.starts(with: Array($0.utf8)) }) { return "text/html" }
        if head.starts(with: Array("<?xml".utf8)) {
            if contains(head, "<svg") { return "image/svg+xml" }
            if contains(head, "<html") { return "text/html" }
            return "application/xml"
        }
        return nil
    }

    // MARK: Helpers

    private static func matches(_ data: [UInt8], at offset: Int, _ ascii: String) -> Bool {
        let pattern = Array(ascii.utf8)
        return data.count >= offset + pattern.count && data[offset..<(offset + pattern.count)].elementsEqual(pattern)
    }

    private static func index(of ascii: String, in data: ArraySlice<UInt8>, from start: Int) -> Int? {
        let pattern = Array(ascii.utf8)
        guard start >= data.startIndex, data.endIndex - start >= pattern.count else { return nil }
        return (start...(data.endIndex - pattern.count)).first {
            data[$0..<($0 + pattern.count)].elementsEqual(pattern)
        }
    }

    private static func contains(_ data: some Collection<UInt8>, _ ascii: String) -> Bool {
        let pattern = Array(ascii.utf8)
        let haystack = Array(data)
        guard let first = pattern.first, haystack.count >= pattern.count else { return false }
        var index = 0
        while index <= haystack.count - pattern.count {
            if haystack[index] == first, haystack[index..<(index + pattern.count)].elementsEqual(pattern) {
                return true
            }
            index += 1
        }
        return false
    }
}
