/// What the widget shows of a ZIP archive: its entries, read from the central directory and
/// never extracted, or why it will not list them.
public struct ZipListing: Sendable, Equatable, Codable {
    /// How complete the listing is.
    public enum Status: String, Sendable, Codable {
        /// Every entry is listed.
        case listed
        /// Only the first entries are listed (see ``ZipLimits/maxListedEntries``).
        case limited
        /// Nothing is listed: see ``reason``.
        case refused
    }

    /// How complete the listing is.
    public var status: Status
    /// A stable code: empty when listed; `truncated`; or why it was refused: `too-many-entries`,
    /// `zip-bomb`, `overlapping-entries`, `too-large`, `central-directory-too-large`, `corrupt`,
    /// `not-zip`, `multi-disk`.
    public var reason: String
    /// A sentence for the agent.
    public var message: String
    /// Entries in the archive, as its central directory counts them.
    public var entryCount: Int
    /// The sum of the entries' uncompressed sizes (0 when refused before reading them).
    public var totalUncompressedSize: Int64
    /// The sum of the entries' compressed sizes.
    public var totalCompressedSize: Int64
    /// Entries whose names would escape an extraction folder or are otherwise unsafe.
    public var unsafeEntryCount: Int
    /// The listed entries, in central-directory order.
    public var entries: [ZipEntry]

    /// Creates a listing.
    public init(
        status: Status,
        reason: String = "",
        message: String,
        entryCount: Int = 0,
        totalUncompressedSize: Int64 = 0,
        totalCompressedSize: Int64 = 0,
        unsafeEntryCount: Int = 0,
        entries: [ZipEntry] = []
    ) {
        self.status = status
        self.reason = reason
        self.message = message
        self.entryCount = entryCount
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.unsafeEntryCount = unsafeEntryCount
        self.entries = entries
    }

    /// A refusal with its reason code and message.
    public static func refused(_ reason: String, _ message: String, entryCount: Int = 0) -> ZipListing {
        ZipListing(status: .refused, reason: reason, message: message, entryCount: entryCount)
    }
}

/// One entry of a ``ZipListing``.
public struct ZipEntry: Sendable, Equatable, Codable {
    /// The entry's path as stored, for display: control characters and NUL replaced by U+FFFD.
    public var name: String
    /// Uncompressed size in bytes.
    public var size: Int64
    /// Compressed size in bytes.
    public var compressedSize: Int64
    /// Whether the entry is a folder.
    public var isDirectory: Bool
    /// Whether the entry is encrypted.
    public var isEncrypted: Bool
    /// What is wrong with the name: `path-traversal` (a `..` segment), `absolute-path`,
    /// `nul-in-name`, `control-characters`, `backslash`. Empty for a safe name.
    public var warnings: [String]

    /// Creates an entry.
    public init(
        name: String,
        size: Int64,
        compressedSize: Int64,
        isDirectory: Bool,
        isEncrypted: Bool,
        warnings: [String]
    ) {
        self.name = name
        self.size = size
        self.compressedSize = compressedSize
        self.isDirectory = isDirectory
        self.isEncrypted = isEncrypted
        self.warnings = warnings
    }
}
