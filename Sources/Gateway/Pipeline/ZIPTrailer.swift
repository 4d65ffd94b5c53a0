/// Finds a ZIP archive's end-of-central-directory record at the end of a file.
///
/// A ZIP is read from its end, so bytes of any format followed by a ZIP form a file that is both
/// (a PDF + ZIP or JPEG + ZIP polyglot: the reader decides what it is). Magic bytes at the start
/// cannot see that; this looks at the last bytes instead.
public enum ZIPTrailer {
    /// The fixed size of the end-of-central-directory record.
    static let recordLength = 22
    /// How many trailing bytes may hold the record: its size plus the longest comment.
    public static let searchLength = recordLength + 0xFFFF

    /// Whether `tail` (a file's last bytes, up to ``searchLength``) ends with a well-formed
    /// end-of-central-directory record: its signature, at least one entry, and a comment that
    /// runs exactly to the end.
    public static func endsWithArchive(_ tail: [UInt8]) -> Bool {
        guard tail.count >= recordLength else { return false }
        let lowest = max(0, tail.count - searchLength)
        var position = tail.count - recordLength
        while position >= lowest {
            if tail[position] == 0x50, tail[position + 1] == 0x4B, tail[position + 2] == 0x05,
                tail[position + 3] == 0x06
            {
                let entries = littleEndian16(tail, at: position + 10)
                let commentLength = Int(littleEndian16(tail, at: position + 20))
                if entries > 0, position + recordLength + commentLength == tail.count { return true }
            }
            position -= 1
        }
        return false
    }

    private static func littleEndian16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }
}
