/// `allowedMedia` of a session response: what a guest may attach natively.
public struct AllowedMedia: Sendable, Equatable, Codable {
    /// One allowed MIME type (`*/*` allows all).
    public struct FileType: Sendable, Equatable, Codable {
        /// The MIME type or wildcard.
        public var type: String

        /// Creates a file type entry.
        public init(type: String) {
            self.type = type
        }
    }

    /// Limits for guest → contact center attachments.
    public struct Inbound: Sendable, Equatable, Codable {
        /// The allowed types.
        public var fileTypes: [FileType]?
        /// The size cap in KiB.
        public var maxFileSizeKB: Int?

        /// Creates inbound limits.
        public init(fileTypes: [FileType]? = nil, maxFileSizeKB: Int? = nil) {
            self.fileTypes = fileTypes
            self.maxFileSizeKB = maxFileSizeKB
        }
    }

    /// Limits for guest → contact center attachments.
    public var inbound: Inbound?

    /// Creates allowed media.
    public init(inbound: Inbound? = nil) {
        self.inbound = inbound
    }
}
