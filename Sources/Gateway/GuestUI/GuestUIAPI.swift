/// The JSON of `GET /v1/guest/config`, the guest page's start-up settings.
public enum GuestUIAPI {
    /// The keyword message the guest sends once an upload completes (the Architect flow's trigger).
    public static let uploadKeyword = "S3_FILE_UPLOADED"
    /// The message metadata key carrying the file id with the keyword.
    public static let fileIdMetadataKey = RecoveryNotice.fileIdKey
    /// The custom attribute carrying the gateway guest id on the conversation's first message.
    public static let guestIdAttribute = "attacheGuestId"

    /// Where the page connects and what it may upload.
    public struct Config: Codable, Sendable, Equatable {
        /// The Messenger deployment id.
        public var deploymentId: String
        /// The guest WebSocket URL, without `?deploymentId=`.
        public var webSocketURL: String
        /// The Genesys API base for the history endpoint.
        public var apiBaseURL: String
        /// The keyword message text after an upload (``GuestUIAPI/uploadKeyword``).
        public var keyword: String
        /// The metadata key of the file id (``GuestUIAPI/fileIdMetadataKey``).
        public var fileIdMetadataKey: String
        /// The custom attribute of the guest id (``GuestUIAPI/guestIdAttribute``).
        public var guestIdAttribute: String
        /// The upload policy the page mirrors.
        public var policy: Policy

        /// The configuration for complete settings, `nil` when a value is missing.
        init?(settings: GuestUISettings) {
            guard let deploymentId = settings.connection.deploymentId,
                let webSocketURL = settings.connection.webSocketURL, let apiBaseURL = settings.connection.apiURL
            else { return nil }
            self.deploymentId = deploymentId
            self.webSocketURL = webSocketURL
            self.apiBaseURL = apiBaseURL
            self.keyword = GuestUIAPI.uploadKeyword
            self.fileIdMetadataKey = GuestUIAPI.fileIdMetadataKey
            self.guestIdAttribute = GuestUIAPI.guestIdAttribute
            self.policy = Policy(settings.policy)
        }
    }

    /// The gateway's upload policy as the page checks it (the gateway checks again on the ticket).
    public struct Policy: Codable, Sendable, Equatable {
        /// The largest file accepted, in bytes.
        public var maxFileSize: Int64
        /// The multipart part size in bytes; files larger than one part are uploaded in parts.
        public var partSize: Int64
        /// Accepted content types, sorted; `family/*` accepts a family (`audio/*`).
        public var allowedTypes: [String]
        /// Extensions refused whatever the type (lowercase, no dot), sorted.
        public var blockedExtensions: [String]
        /// Total declared bytes a guest may hold in live uploads.
        public var quotaBytes: Int64

        /// The page's view of a policy.
        public init(_ policy: UploadPolicy) {
            maxFileSize = policy.maxFileSize
            partSize = policy.partSize
            allowedTypes =
                policy.allowedContentTypes.sorted() + policy.allowedContentTypePrefixes.sorted().map { $0 + "*" }
            blockedExtensions = policy.blockedExtensions.sorted()
            quotaBytes = policy.perGuestQuota
        }
    }
}
