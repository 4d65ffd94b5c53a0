/// Builds ZIP archives byte by byte (stored entries), with knobs to make them lie: declared
/// sizes, local header offsets, zip64 records, a truncated central directory.
struct ZipBuilder {
    struct Entry {
        var name: [UInt8]
        var data: [UInt8] = []
        var declaredCompressed: UInt64?
        var declaredUncompressed: UInt64?
        var offset: UInt64?
        var flags: UInt16 = 0

        init(_ name: String, _ data: String = "", compressed: UInt64? = nil, uncompressed: UInt64? = nil) {
            self.name = Array(name.utf8)
            self.data = Array(data.utf8)
            declaredCompressed = compressed
            declaredUncompressed = uncompressed
        }

        init(rawName: [UInt8], _ data: String = "") {
            name = rawName
            self.data = Array(data.utf8)
        }
    }

    var entries: [Entry]
    var zip64 = false
    var comment: [UInt8] = []
    /// Overrides the entry count the end record states.
    var statedCount: Int?
    /// Overrides the central directory offset the zip64 end record states.
    var statedDirectoryOffset: UInt64?

    func build() -> [UInt8] {
        var out: [UInt8] = []
        var offsets: [UInt64] = []
        for entry in entries {
            offsets.append(UInt64(out.count))
            out += u32(0x0403_4B50) + u16(20) + u16(entry.flags) + u16(0) + u16(0) + u16(0x21) + u32(0)
            out += u32(UInt32(truncatingIfNeeded: entry.data.count)) + u32(UInt32(truncatingIfNeeded: entry.data.count))
            out += u16(UInt16(entry.name.count)) + u16(0) + entry.name + entry.data
        }
        let directoryOffset = UInt64(out.count)
        for (index, entry) in entries.enumerated() {
            let compressed = entry.declaredCompressed ?? UInt64(entry.data.count)
            let uncompressed = entry.declaredUncompressed ?? UInt64(entry.data.count)
            let offset = entry.offset ?? offsets[index]
            var extra: [UInt8] = []
            if zip64 { extra = u16(1) + u16(24) + u64(uncompressed) + u64(compressed) + u64(offset) }
            out += u32(0x0201_4B50) + u16(45) + u16(45) + u16(entry.flags) + u16(0) + u16(0) + u16(0x21) + u32(0)
            out += zip64 ? u32(0xFFFF_FFFF) + u32(0xFFFF_FFFF) : u32(UInt32(compressed)) + u32(UInt32(uncompressed))
            out += u16(UInt16(entry.name.count)) + u16(UInt16(extra.count)) + u16(0) + u16(0) + u16(0) + u32(0)
            out += zip64 ? u32(0xFFFF_FFFF) : u32(UInt32(offset))
            out += entry.name + extra
        }
        let directorySize = UInt64(out.count) - directoryOffset
        let count = statedCount ?? entries.count
        if zip64 {
            let record = UInt64(out.count)
            out += u32(0x0606_4B50) + u64(44) + u16(45) + u16(45) + u32(0) + u32(0)
            out +=
                u64(UInt64(count)) + u64(UInt64(count)) + u64(directorySize)
                + u64(statedDirectoryOffset ?? directoryOffset)
            out += u32(0x0706_4B50) + u32(0) + u64(record) + u32(1)
            out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(0xFFFF) + u16(0xFFFF) + u32(0xFFFF_FFFF)
            out += u32(0xFFFF_FFFF)
        } else {
            out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(UInt16(count)) + u16(UInt16(count))
            out += u32(UInt32(directorySize)) + u32(UInt32(directoryOffset))
        }
        out += u16(UInt16(comment.count)) + comment
        return out
    }

    func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    func u32(_ value: UInt32) -> [UInt8] { u16(UInt16(value & 0xFFFF)) + u16(UInt16(value >> 16)) }
    func u64(_ value: UInt64) -> [UInt8] { u32(UInt32(value & 0xFFFF_FFFF)) + u32(UInt32(value >> 32)) }
}
