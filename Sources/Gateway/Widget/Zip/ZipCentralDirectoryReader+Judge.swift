import Foundation

extension ZipCentralDirectoryReader {
    /// Turns the central directory into a listing, refusing bombs and overlapping entries.
    func judge(_ headers: [CentralHeader], directoryOffset: UInt64) -> ZipListing {
        let count = headers.count
        var totalUncompressed: UInt64 = 0
        var totalCompressed: UInt64 = 0
        for header in headers {
            totalUncompressed =
                totalUncompressed.addingReportingOverflow(header.uncompressedSize).overflow
                ? .max : totalUncompressed + header.uncompressedSize
            totalCompressed =
                totalCompressed.addingReportingOverflow(header.compressedSize).overflow
                ? .max : totalCompressed + header.compressedSize
            if let refusal = bombRefusal(header, count: count) { return refusal }
        }
        guard totalUncompressed <= UInt64(limits.maxTotalUncompressedBytes) else {
            var refusal = ZipListing.refused(
                "zip-bomb",
                "The archive would expand to \(totalUncompressed) bytes, over the "
                    + "\(limits.maxTotalUncompressedBytes)-byte limit: not listed.",
                entryCount: count)
            refusal.totalUncompressedSize = Int64(clamping: totalUncompressed)
            return refusal
        }
        if let overlap = overlapRefusal(headers, directoryOffset: directoryOffset) { return overlap }
        let listed = headers.prefix(limits.maxListedEntries).map(Self.entry)
        let unsafe = headers.lazy.map(Self.entry).filter { entry in
            entry.warnings.contains { ["path-traversal", "absolute-path", "nul-in-name"].contains($0) }
        }.count
        let limited = count > listed.count
        return ZipListing(
            status: limited ? .limited : .listed,
            reason: limited ? "truncated" : "",
            message: limited
                ? "The first \(listed.count) of \(count) entries are listed."
                : "\(count) \(count == 1 ? "entry" : "entries").",
            entryCount: count,
            totalUncompressedSize: Int64(clamping: totalUncompressed),
            totalCompressedSize: Int64(clamping: totalCompressed),
            unsafeEntryCount: unsafe,
            entries: Array(listed)
        )
    }

    func bombRefusal(_ header: CentralHeader, count: Int) -> ZipListing? {
        let expanded = header.uncompressedSize
        guard expanded >= UInt64(limits.ratioCheckMinimumBytes) else { return nil }
        let compressed = max(header.compressedSize, 1)
        guard expanded / compressed > UInt64(limits.maxCompressionRatio) else { return nil }
        return .refused(
            "zip-bomb",
            "An entry expands \(expanded / compressed) times (\(header.compressedSize) → \(expanded) bytes), "
                + "over the \(limits.maxCompressionRatio)× limit: not listed.",
            entryCount: count)
    }

    /// Entries whose data overlap each other or the central directory (a "non-recursive" zip
    /// bomb reuses one compressed stream for many entries).
    func overlapRefusal(_ headers: [CentralHeader], directoryOffset: UInt64) -> ZipListing? {
        let spans = headers.map { header -> (start: UInt64, end: UInt64) in
            let minimum = UInt64(ZipRecords.localHeaderLength) + UInt64(header.nameBytes.count)
            // Sizes come from the archive (zip64: up to UInt64.max): saturate, never trap.
            let (length, lengthOverflow) = header.compressedSize.addingReportingOverflow(minimum)
            let (end, overflow) = header.localHeaderOffset.addingReportingOverflow(length)
            return (header.localHeaderOffset, lengthOverflow || overflow ? .max : end)
        }.sorted { $0.start < $1.start }
        for (index, span) in spans.enumerated() {
            let limit = index + 1 < spans.count ? spans[index + 1].start : directoryOffset
            if span.end > limit {
                return .refused(
                    "overlapping-entries",
                    "Entries of this archive overlap each other or its table of contents "
                        + "(a zip bomb technique): not listed.",
                    entryCount: headers.count)
            }
        }
        return nil
    }

    /// The displayed entry, with what is unsafe about its name.
    static func entry(_ header: CentralHeader) -> ZipEntry {
        let raw = header.nameBytes
        var warnings: [String] = []
        if raw.isEmpty { warnings.append("empty-name") }
        if raw.contains(0) { warnings.append("nul-in-name") }
        if raw.contains(where: { ($0 < 0x20 && $0 != 0) || $0 == 0x7F }) { warnings.append("control-characters") }
        if raw.contains(UInt8(ascii: "\\")) { warnings.append("backslash") }
        let decoded = String(decoding: raw, as: UTF8.self)
        let normalized = decoded.replacingOccurrences(of: "\\", with: "/")
        let isDriveLetter =
            normalized.count >= 2 && normalized.first?.isLetter == true
            && normalized[normalized.index(after: normalized.startIndex)] == ":"
        if normalized.hasPrefix("/") || isDriveLetter { warnings.append("absolute-path") }
        if normalized.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            warnings.insert("path-traversal", at: 0)
        }
        let display = String(
            String.UnicodeScalarView(
                decoded.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0 }))
        return ZipEntry(
            name: display,
            size: Int64(clamping: header.uncompressedSize),
            compressedSize: Int64(clamping: header.compressedSize),
            isDirectory: normalized.hasSuffix("/"),
            isEncrypted: header.flags & 1 == 1,
            warnings: warnings
        )
    }
}
