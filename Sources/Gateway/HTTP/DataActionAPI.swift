import Foundation

/// The JSON bodies of the Data Action routes (``DataActionRoutes``).
///
/// Outputs are flat and every field is always present (empty string or `0` when it does not
/// apply), as a Genesys Data Action output contract expects.
public enum DataActionAPI {
    /// `POST /v1/data-actions/register-conversation` input.
    public struct RegisterRequest: Codable, Sendable, Equatable {
        /// The Genesys conversation id (a UUID).
        public var conversationId: String
        /// The gateway guest id from the first message's custom attribute `attacheGuestId`.
        public var guestId: String
    }

    /// `POST /v1/data-actions/register-conversation` output.
    public struct RegisterResponse: Codable, Sendable, Equatable {
        /// The conversation id.
        public var conversationId: String
        /// The guest id.
        public var guestId: String
        /// Always `true`: errors are problem responses.
        public var registered: Bool
        /// How many of the guest's uploads now belong to the conversation.
        public var files: Int
    }

    /// `POST /v1/data-actions/file-link` input.
    public struct FileLinkRequest: Codable, Sendable, Equatable {
        /// The Genesys conversation id (a UUID).
        public var conversationId: String
        /// The connected agent's user id (a UUID), or `""` when the flow has none.
        public var userId: String
        /// The file id from the message metadata key `attacheFileId`.
        public var fileId: String
    }

    /// `POST /v1/data-actions/file-link` output.
    public struct FileLinkResponse: Codable, Sendable, Equatable {
        /// `allowed`, `pending` or `denied`.
        public var decision: String
        /// `""` when allowed; `not-clean` when pending; a ``FileLinkDenial`` code otherwise.
        public var reason: String
        /// The file id asked for.
        public var fileId: String
        /// The download URL when allowed, else `""`.
        public var url: String
        /// When the URL stops working (ISO 8601), else `""`.
        public var expiresAt: String
        /// The sanitised filename (allowed or pending), else `""`.
        public var filename: String
        /// The type the link serves (allowed) or the verified type (pending), else `""`.
        public var contentType: String
        /// The size in bytes (allowed or pending), else `0`.
        public var size: Int64
        /// The file's state (allowed or pending), else `""`.
        public var state: String

        /// The output for a decision.
        public init(decision: FileLinkDecision, fileId: String) {
            self.decision = decision.name
            reason = decision.reasonCode
            self.fileId = fileId
            url = ""
            expiresAt = ""
            filename = ""
            contentType = ""
            size = 0
            state = ""
            switch decision {
            case .allowed(let url, let expires, let record):
                self.url = url
                expiresAt = DataActionAPI.timestamp(expires)
                contentType = LinkContentType.served(record)
                describe(record)
            case .pending(_, let record):
                contentType = LinkContentType.verified(record) ?? LinkContentType.fallback
                describe(record)
            case .denied:
                break
            }
        }

        private mutating func describe(_ record: UploadRecord) {
            filename = record.filename
            size = record.size
            state = record.state.rawValue
        }
    }

    /// `POST /v1/data-actions/list-files` input.
    public struct ListFilesRequest: Codable, Sendable, Equatable {
        /// The Genesys conversation id (a UUID).
        public var conversationId: String
    }

    /// `POST /v1/data-actions/list-files` output: parallel arrays, one entry per clean file,
    /// oldest first.
    public struct ListFilesResponse: Codable, Sendable, Equatable {
        /// The conversation id.
        public var conversationId: String
        /// How many files.
        public var count: Int
        /// The file ids.
        public var fileIds: [String]
        /// The sanitised filenames.
        public var filenames: [String]
        /// The verified types.
        public var contentTypes: [String]
        /// The sizes in bytes.
        public var sizes: [Int64]
        /// The states (all `clean`).
        public var states: [String]

        /// The output for a conversation's files.
        public init(conversationId: String, files: [UploadRecord]) {
            self.conversationId = conversationId
            count = files.count
            fileIds = files.map(\.fileId)
            filenames = files.map(\.filename)
            contentTypes = files.map { LinkContentType.verified($0) ?? LinkContentType.fallback }
            sizes = files.map(\.size)
            states = files.map(\.state.rawValue)
        }
    }

    /// ISO 8601 in UTC with whole seconds, e.g. `2026-11-26T01:30:00Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
