/// The bounds within which the widget lists a ZIP archive's entries. Anything beyond them is
/// answered with a limited or refused listing, never with more work.
public struct ZipLimits: Sendable, Equatable {
    /// Largest archive the gateway reads for a listing, in bytes (the object is streamed, only
    /// its tail is kept).
    public var maxArchiveBytes: Int64
    /// Largest central directory read, in bytes.
    public var maxCentralDirectoryBytes: Int
    /// More entries than this and the archive is refused.
    public var maxEntries: Int
    /// At most this many entries are returned; the rest are counted (a `limited` listing).
    public var maxListedEntries: Int
    /// A total uncompressed size above this marks a zip bomb.
    public var maxTotalUncompressedBytes: Int64
    /// An entry expanding more than this many times marks a zip bomb…
    public var maxCompressionRatio: Int64
    /// …when it expands to at least this many bytes (small files compress well innocently).
    public var ratioCheckMinimumBytes: Int64

    /// Creates limits; the defaults suit an agent's preview.
    public init(
        maxArchiveBytes: Int64 = 256 * 1024 * 1024,
        maxCentralDirectoryBytes: Int = 4 * 1024 * 1024,
        maxEntries: Int = 10_000,
        maxListedEntries: Int = 1_000,
        maxTotalUncompressedBytes: Int64 = 2 * 1024 * 1024 * 1024,
        maxCompressionRatio: Int64 = 100,
        ratioCheckMinimumBytes: Int64 = 1024 * 1024
    ) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxCentralDirectoryBytes = maxCentralDirectoryBytes
        self.maxEntries = maxEntries
        self.maxListedEntries = maxListedEntries
        self.maxTotalUncompressedBytes = maxTotalUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckMinimumBytes = ratioCheckMinimumBytes
    }

    /// How many bytes from the end of an archive hold everything the reader needs: the central
    /// directory, the end records (zip64 included) and the longest archive comment.
    public var tailBytes: Int {
        maxCentralDirectoryBytes + ZipRecords.endOfCentralDirectoryLength + 0xFFFF
            + ZipRecords.zip64LocatorLength + ZipRecords.zip64EndLength
    }
}
