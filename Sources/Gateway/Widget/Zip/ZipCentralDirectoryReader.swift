/// Lists a ZIP archive from its last bytes: finds the end of central directory record (zip64
/// included), reads the central directory and judges each entry, without ever decompressing or
/// extracting anything.
///
/// Pure: the caller supplies the tail of the archive (``ZipLimits/tailBytes`` is enough) and its
/// total size. Refusals: more entries than allowed, a zip bomb (total or per-entry expansion,
/// entries whose data overlap, the trick of "non-recursive" bombs), a central directory that is
/// too large, truncated or inconsistent, a multi-disk archive, or no ZIP at all.
public struct ZipCentralDirectoryReader: Sendable {
    /// The bounds applied.
    public var limits: ZipLimits

    /// Creates a reader.
    public init(limits: ZipLimits = ZipLimits()) {
        self.limits = limits
    }

    /// Lists the archive whose last `tail.count` bytes are `tail` and whose size is `archiveSize`.
    public func list(tail: [UInt8], archiveSize: Int64) -> ZipListing {
        let bytes = LittleEndianBytes(bytes: tail)
        let tailStart = archiveSize - Int64(tail.count)
        guard tailStart >= 0, tail.count >= ZipRecords.endOfCentralDirectoryLength else {
            return .refused("not-zip", "This file is not a ZIP archive (too short).")
        }
        guard let end = findEnd(bytes) else {
            return .refused("not-zip", "This file is not a ZIP archive (no end of central directory record).")
        }
        let directory: Directory
        switch readDirectoryLocation(bytes, endPosition: end, tailStart: tailStart) {
        case .success(let found): directory = found
        case .failure(let refusal): return refusal.listing
        }
        guard directory.entryCount <= UInt64(limits.maxEntries) else {
            let count = directory.entryCount > UInt64(Int.max) ? Int.max : Int(directory.entryCount)
            return .refused(
                "too-many-entries",
                "The archive has \(count) entries; at most \(limits.maxEntries) are listed.",
                entryCount: count)
        }
        guard directory.size <= UInt64(limits.maxCentralDirectoryBytes) else {
            return .refused(
                "central-directory-too-large",
                "The archive's table of contents is \(directory.size) bytes, over the "
                    + "\(limits.maxCentralDirectoryBytes)-byte limit.",
                entryCount: Int(directory.entryCount))
        }
        // Checked before any conversion: a zip64 end record may claim an offset beyond Int64.
        guard directory.offset <= UInt64(Int64.max) else {
            return .refused("corrupt", "The archive's table of contents is not where its end record says.")
        }
        let directoryStart = Int64(directory.offset) - tailStart
        guard directoryStart >= 0, directoryStart + Int64(directory.size) <= Int64(directory.recordsStart)
        else {
            return .refused("corrupt", "The archive's table of contents is not where its end record says.")
        }
        let headers: [CentralHeader]
        switch readHeaders(
            bytes, start: Int(directoryStart), size: Int(directory.size), count: Int(directory.entryCount))
        {
        case .success(let found): headers = found
        case .failure(let refusal): return refusal.listing
        }
        return judge(headers, directoryOffset: directory.offset)
    }

    // MARK: End records

    struct Directory {
        var entryCount: UInt64
        var size: UInt64
        var offset: UInt64
        /// Where the end records begin in the tail (the central directory must end before).
        var recordsStart: Int
    }

    struct Refusal: Error {
        var listing: ZipListing
        init(_ reason: String, _ message: String) { listing = .refused(reason, message) }
    }

    /// The position in the tail of the end of central directory record, searched from the end
    /// through the longest possible comment.
    func findEnd(_ bytes: LittleEndianBytes) -> Int? {
        let last = bytes.bytes.count - ZipRecords.endOfCentralDirectoryLength
        let first = max(0, last - 0xFFFF)
        var position = last
        while position >= first {
            if bytes.uint32(at: position) == ZipRecords.endOfCentralDirectorySignature,
                let commentLength = bytes.uint16(at: position + 20),
                position + ZipRecords.endOfCentralDirectoryLength + Int(commentLength) <= bytes.bytes.count
            {
                return position
            }
            position -= 1
        }
        return nil
    }

    func readDirectoryLocation(
        _ bytes: LittleEndianBytes, endPosition end: Int, tailStart: Int64
    ) -> Result<Directory, Refusal> {
        guard let disk = bytes.uint16(at: end + 4), let directoryDisk = bytes.uint16(at: end + 6),
            let count = bytes.uint16(at: end + 10), let size = bytes.uint32(at: end + 12),
            let offset = bytes.uint32(at: end + 16)
        else { return .failure(Refusal("corrupt", "The archive's end record is truncated.")) }
        var directory = Directory(
            entryCount: UInt64(count), size: UInt64(size), offset: UInt64(offset), recordsStart: end)
        let locator = end - ZipRecords.zip64LocatorLength
        if locator >= 0, bytes.uint32(at: locator) == ZipRecords.zip64LocatorSignature {
            guard let recordOffset = bytes.uint64(at: locator + 8), recordOffset <= UInt64(Int64.max) else {
                return .failure(Refusal("corrupt", "The archive's zip64 locator is unreadable."))
            }
            let record = Int64(recordOffset) - tailStart
            guard record >= 0, record + Int64(ZipRecords.zip64EndLength) <= Int64(locator),
                bytes.uint32(at: Int(record)) == ZipRecords.zip64EndSignature,
                let zipDisk = bytes.uint32(at: Int(record) + 16),
                let zipDirectoryDisk = bytes.uint32(at: Int(record) + 20),
                let zipCount = bytes.uint64(at: Int(record) + 32),
                let zipSize = bytes.uint64(at: Int(record) + 40),
                let zipOffset = bytes.uint64(at: Int(record) + 48)
            else { return .failure(Refusal("corrupt", "The archive's zip64 end record is missing or truncated.")) }
            guard zipDisk == 0, zipDirectoryDisk == 0 else {
                return .failure(Refusal("multi-disk", "Split (multi-disk) archives are not listed."))
            }
            directory = Directory(entryCount: zipCount, size: zipSize, offset: zipOffset, recordsStart: Int(record))
        } else if disk != 0 || directoryDisk != 0 {
            return .failure(Refusal("multi-disk", "Split (multi-disk) archives are not listed."))
        }
        return .success(directory)
    }

    // MARK: Central directory

    struct CentralHeader {
        var nameBytes: ArraySlice<UInt8>
        var flags: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    func readHeaders(
        _ bytes: LittleEndianBytes, start: Int, size: Int, count: Int
    ) -> Result<[CentralHeader], Refusal> {
        guard size >= count * ZipRecords.centralHeaderLength else {
            return .failure(Refusal("corrupt", "The archive's table of contents is too short for its entries."))
        }
        var headers: [CentralHeader] = []
        headers.reserveCapacity(count)
        var position = start
        let end = start + size
        for index in 0..<count {
            let truncated = Refusal("corrupt", "The archive's table of contents is truncated at entry \(index + 1).")
            guard position + ZipRecords.centralHeaderLength <= end,
                bytes.uint32(at: position) == ZipRecords.centralHeaderSignature,
                let flags = bytes.uint16(at: position + 8),
                let compressed = bytes.uint32(at: position + 20),
                let uncompressed = bytes.uint32(at: position + 24),
                let nameLength = bytes.uint16(at: position + 28),
                let extraLength = bytes.uint16(at: position + 30),
                let commentLength = bytes.uint16(at: position + 32),
                let localOffset = bytes.uint32(at: position + 42)
            else { return .failure(truncated) }
            let nameStart = position + ZipRecords.centralHeaderLength
            let extraStart = nameStart + Int(nameLength)
            let next = extraStart + Int(extraLength) + Int(commentLength)
            guard next <= end, let name = bytes.slice(at: nameStart, length: Int(nameLength)),
                let extra = bytes.slice(at: extraStart, length: Int(extraLength))
            else { return .failure(truncated) }
            var header = CentralHeader(
                nameBytes: name, flags: flags, compressedSize: UInt64(compressed),
                uncompressedSize: UInt64(uncompressed), localHeaderOffset: UInt64(localOffset))
            guard Self.applyZip64(extra: Array(extra), to: &header) else {
                return .failure(Refusal("corrupt", "Entry \(index + 1) has a malformed zip64 extra field."))
            }
            headers.append(header)
            position = next
        }
        return .success(headers)
    }

    /// Replaces the 32-bit sizes and offset marked `0xFFFFFFFF` by the zip64 extra field's values.
    static func applyZip64(extra: [UInt8], to header: inout CentralHeader) -> Bool {
        let marker: UInt64 = 0xFFFF_FFFF
        let needed = [header.uncompressedSize, header.compressedSize, header.localHeaderOffset].filter {
            $0 == marker
        }
        guard !needed.isEmpty else { return true }
        let bytes = LittleEndianBytes(bytes: extra)
        var position = 0
        while let id = bytes.uint16(at: position), let length = bytes.uint16(at: position + 2) {
            let data = position + 4
            guard data + Int(length) <= extra.count else { return false }
            if id == ZipRecords.zip64ExtraFieldId {
                var field = data
                func take() -> UInt64? {
                    guard field + 8 <= data + Int(length), let value = bytes.uint64(at: field) else { return nil }
                    field += 8
                    return value
                }
                if header.uncompressedSize == marker {
                    guard let value = take() else { return false }
                    header.uncompressedSize = value
                }
                if header.compressedSize == marker {
                    guard let value = take() else { return false }
                    header.compressedSize = value
                }
                if header.localHeaderOffset == marker {
                    guard let value = take() else { return false }
                    header.localHeaderOffset = value
                }
                return true
            }
            position = data + Int(length)
        }
        return false
    }
}
