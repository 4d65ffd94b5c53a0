import Foundation

/// What the guest web UI's routes need from the configuration: where the page connects, the
/// upload policy it mirrors, and the origins its Content-Security-Policy allows.
public struct GuestUISettings: Sendable, Equatable {
    /// Deployment id, WebSocket URL and API URL (each `nil` until configured).
    public var connection: GuestUIConfiguration
    /// The upload policy the page checks files against before asking for a ticket.
    public var policy: UploadPolicy
    /// Origins presigned upload URLs point at (S3 endpoint or bucket host; the embedded store's
    /// own origin), allowed in `connect-src`.
    public var objectStoreOrigins: [String]
    /// Origins agent attachments are downloaded from (the Genesys API's download host, the
    /// sandbox), allowed in `img-src` and `media-src`.
    public var attachmentOrigins: [String]

    /// Creates settings.
    public init(
        connection: GuestUIConfiguration = GuestUIConfiguration(),
        policy: UploadPolicy = UploadPolicy(),
        objectStoreOrigins: [String] = [],
        attachmentOrigins: [String]? = nil
    ) {
        self.connection = connection
        self.policy = policy
        self.objectStoreOrigins = objectStoreOrigins
        self.attachmentOrigins = attachmentOrigins ?? Self.attachmentOrigins(apiURL: connection.apiURL)
    }

    /// The settings a gateway configuration implies.
    public init(configuration: GatewayConfiguration) {
        self.init(
            connection: configuration.guest,
            policy: configuration.uploadPolicy,
            objectStoreOrigins: Self.objectStoreOrigins(configuration)
        )
    }

    /// The origins the page's `connect-src` allows besides `'self'`: the WebSocket's, the API's
    /// (history) and the object store's (presigned PUTs), without duplicates.
    public var connectOrigins: [String] {
        var seen: Set<String> = []
        let candidates =
            [connection.webSocketURL, connection.apiURL].compactMap { $0.flatMap(WidgetSettings.origin(of:)) }
            + objectStoreOrigins
        return candidates.filter { seen.insert($0).inserted }
    }

    /// Where presigned upload URLs point: the custom S3 endpoint, else AWS's virtual-hosted host of
    /// the quarantine bucket and the regional path-style host; the embedded store's base URL.
    static func objectStoreOrigins(_ configuration: GatewayConfiguration) -> [String] {
        switch configuration.store {
        case .local:
            return [WidgetSettings.origin(of: configuration.baseURL())].compactMap { $0 }
        case .s3:
            if let endpoint = configuration.aws.s3Endpoint {
                return [WidgetSettings.origin(of: endpoint)].compactMap { $0 }
            }
            let region = configuration.aws.region
            var origins = ["https://s3.\(region).amazonaws.com"]
            if let bucket = configuration.quarantineBucket {
                origins.insert("https://\(bucket).s3.\(region).amazonaws.com", at: 0)
            }
            return origins
        }
    }

    /// Agent attachments: the API's origin (the sandbox serves them itself) and, for a Genesys
    /// API host `api.{region}`, the download host `api-downloads.{region}`.
    static func attachmentOrigins(apiURL: String?) -> [String] {
        guard let apiURL, let origin = WidgetSettings.origin(of: apiURL) else { return [] }
        guard let components = URLComponents(string: apiURL), let host = components.host, host.hasPrefix("api.")
        else { return [origin] }
        return [origin, "https://api-downloads." + host.dropFirst("api.".count)]
    }
}
