/// A fixed byte pattern at a fixed offset that identifies a MIME type.
public struct MagicSignature: Sendable, Equatable, Codable {
    /// Where the pattern starts.
    public let offset: Int
    /// The pattern.
    public let bytes: [UInt8]
    /// The MIME type it identifies (an entry of ``FileTypeTable``).
    public let mimeType: String

    /// Creates a signature from raw bytes.
    public init(offset: Int = 0, _ bytes: [UInt8], _ mimeType: String) {
        self.offset = offset
        self.bytes = bytes
        self.mimeType = mimeType
    }

    /// Creates a signature from ASCII text.
    public init(offset: Int = 0, ascii: String, _ mimeType: String) {
        self.init(offset: offset, Array(ascii.utf8), mimeType)
    }

    /// Whether `data` holds the pattern at the offset.
    public func matches(_ data: [UInt8]) -> Bool {
        data.count >= offset + bytes.count && data[offset..<(offset + bytes.count)].elementsEqual(bytes)
    }

    /// Fixed signatures, checked in order (more specific first: `#!AMR` before `#!`).
    public static let table: [MagicSignature] = [
        // Executables
        MagicSignature([0x7F, 0x45, 0x4C, 0x46], "application/x-executable"),
        MagicSignature([0xFE, 0xED, 0xFA, 0xCE], "application/x-mach-binary"),
        MagicSignature([0xFE, 0xED, 0xFA, 0xCF], "application/x-mach-binary"),
        MagicSignature([0xCE, 0xFA, 0xED, 0xFE], "application/x-mach-binary"),
        MagicSignature([0xCF, 0xFA, 0xED, 0xFE], "application/x-mach-binary"),
        MagicSignature([0xCA, 0xFE, 0xBA, 0xBE], "application/x-mach-binary"),
        MagicSignature([0x00, 0x61, 0x73, 0x6D], "application/wasm"),
        MagicSignature(ascii: "MZ", "application/vnd.microsoft.portable-executable"),
        MagicSignature(ascii: "#!AMR", "audio/amr"),
        MagicSignature(ascii: "#!", "application/x-sh"),
        // Documents
        MagicSignature(ascii: "%PDF-", "application/pdf"),
        MagicSignature([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/x-ole-storage"),
        MagicSignature(ascii: "{\\rtf", "application/rtf"),
        MagicSignature(ascii: "%!PS", "application/postscript"),
        // Images
        MagicSignature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        MagicSignature([0xFF, 0xD8, 0xFF], "image/jpeg"),
        MagicSignature(ascii: "GIF87a", "image/gif"),
        MagicSignature(ascii: "GIF89a", "image/gif"),
        MagicSignature([0x49, 0x49, 0x2A, 0x00], "image/tiff"),
        MagicSignature([0x4D, 0x4D, 0x00, 0x2A], "image/tiff"),
        // Audio
        MagicSignature(ascii: "fLaC", "audio/flac"),
        MagicSignature(ascii: "ID3", "audio/mpeg"),
        MagicSignature(ascii: "MThd", "audio/midi"),
        // Archives
        MagicSignature([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], "application/vnd.rar"),
        MagicSignature([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "application/x-7z-compressed"),
        MagicSignature([0x1F, 0x8B, 0x08], "application/gzip"),
        MagicSignature([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "application/x-xz"),
        MagicSignature([0x28, 0xB5, 0x2F, 0xFD], "application/zstd"),
        MagicSignature(offset: 257, ascii: "ustar", "application/x-tar"),
    ]
}
