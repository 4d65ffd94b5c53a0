/// Signatures and fixed lengths of the ZIP records the reader understands (PKWARE APPNOTE 6.3).
enum ZipRecords {
    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let endOfCentralDirectoryLength = 22
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let zip64LocatorLength = 20
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let zip64EndLength = 56
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let centralHeaderLength = 46
    static let localHeaderLength = 30
    static let zip64ExtraFieldId: UInt16 = 0x0001
}

/// Little-endian reads from a byte array, bounds-checked (`nil` past the end).
struct LittleEndianBytes {
    let bytes: [UInt8]

    func uint16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32(at offset: Int) -> UInt32? {
        guard let low = uint16(at: offset), let high = uint16(at: offset + 2) else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    func uint64(at offset: Int) -> UInt64? {
        guard let low = uint32(at: offset), let high = uint32(at: offset + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }

    func slice(at offset: Int, length: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, length >= 0, offset + length <= bytes.count else { return nil }
        return bytes[offset..<(offset + length)]
    }
}
