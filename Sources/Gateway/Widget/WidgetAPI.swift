import Foundation

/// The JSON documents of the widget API (`/v1/widget/…`).
public enum WidgetAPI {
    /// `GET /v1/widget/config`: how the widget signs the agent in.
    public struct Config: Codable, Sendable, Equatable {
        /// The OAuth client id (implicit grant), `""` when not configured.
        public var clientId: String
        /// The login service's authorize endpoint, `""` when no Genesys URL is configured.
        public var authorizeURL: String
    }

    /// One clean file of a conversation.
    public struct File: Codable, Sendable, Equatable {
        /// The gateway's file id.
        public var fileId: String
        /// The sanitised display name.
        public var filename: String
        /// The type a link serves the file as (the verified type when known and inert).
        public var contentType: String
        /// The preview category (`pdf`, `image`, `audio`, `video`, `text`, `archive`, …).
        public var category: String
        /// Whether the widget may show the file inline.
        public var previewable: Bool
        /// Bytes.
        public var size: Int64
        /// Always `clean` in a listing.
        public var state: String
        /// When the upload started.
        public var createdAt: Date

        init(_ record: UploadRecord) {
            fileId = record.fileId
            filename = record.filename
            contentType = LinkContentType.served(record)
            category = WidgetPreview.category(record)
            previewable = LinkContentType.isPreviewable(record)
            size = record.size
            state = record.state.rawValue
            createdAt = record.createdAt
        }
    }

    /// `GET /v1/widget/files`.
    public struct FileList: Codable, Sendable, Equatable {
        /// The conversation.
        public var conversationId: String
        /// Its clean files, oldest first.
        public var files: [File]
    }

    /// `POST /v1/widget/files/{fileId}/link` body.
    public struct LinkRequest: Codable, Sendable, Equatable {
        /// The conversation the agent is handling.
        public var conversationId: String
    }

    /// `POST /v1/widget/files/{fileId}/link`: a fresh link (200) or why not yet (409, pending).
    public struct Link: Codable, Sendable, Equatable {
        /// `allowed` or `pending`.
        public var decision: String
        /// `""` when allowed, `not-clean` when pending.
        public var reason: String
        /// The file.
        public var file: File
        /// The download URL (empty when pending). Never logged.
        public var url: String
        /// When the URL stops working (`nil` when pending).
        public var expiresAt: Date?
    }

    /// `GET /v1/widget/files/{fileId}/entries`: the archive's listing.
    public struct Entries: Codable, Sendable, Equatable {
        /// The file.
        public var file: File
        /// What its central directory says, within limits.
        public var listing: ZipListing
    }
}
