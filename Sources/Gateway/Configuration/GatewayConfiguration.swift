import Clamd
import Foundation
import Logging

/// Everything the gateway needs to start, resolved once at start-up and passed down.
///
/// Built from ``ConfigurationLayers`` (flags > environment > file) by
/// ``init(layers:)``, with the names and defaults documented in the README.
public struct GatewayConfiguration: Sendable, Equatable {
    /// Listen address.
    public var host: String
    /// Listen port; `0` picks a free port.
    public var port: Int
    /// The gateway's external base URL, used in the links it hands out.
    public var publicURL: String?
    /// Where state lives.
    public var database: DatabaseLocation
    /// Where objects live.
    public var store: ObjectStoreLocation
    /// The S3 quarantine bucket (uploads land here), required with `store = s3`.
    public var quarantineBucket: String?
    /// The S3 clean bucket (scanned files are promoted here), required with `store = s3`.
    public var cleanBucket: String?
    /// The SQS queue that receives the quarantine bucket's events.
    public var queueURL: String?
    /// The clamd to scan with; `nil` selects the built-in policy scanner (development only).
    public var clamd: ClamdAddress?
    /// The Genesys Cloud platform API base URL.
    public var genesysURL: String?
    /// OAuth client id for the Genesys platform API.
    public var genesysClientID: String?
    /// OAuth client secret for the Genesys platform API (never logged).
    public var genesysClientSecret: String?
    /// The shared secret that Data Action calls must present (never logged).
    public var dataActionSecret: String?
    /// How long an agent's just-in-time download link works, in seconds (1…3600, default 60).
    public var linkTTLSeconds: Int = Defaults.linkTTLSeconds
    /// The participant-check cache of file listings (`ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS`).
    public var access: AccessConfiguration = AccessConfiguration()
    /// After how long without a refresh a `scanning` upload is taken to be a dead worker's (a
    /// replica died mid-scan, or a gateway restarted) and taken over by exactly one worker, in
    /// seconds (10…86 400, default 60). Workers refresh the scans they hold every quarter of it,
    /// so a long scan of a large file is never taken over while its worker lives.
    public var staleScanSeconds: Int = Defaults.staleScanSeconds
    /// After how long without a byte read or written an HTTP connection with no response in
    /// progress is closed, in seconds (5…3 600, default 75: above the 60 s idle timeout of AWS's
    /// load balancers, so the balancer, not the gateway, closes an idle kept-alive connection; a
    /// request body that stalls this long is cut off). Responses still being written (the upload
    /// events stream) are never cut.
    public var httpIdleTimeoutSeconds: Int = Defaults.httpIdleTimeoutSeconds
    /// How long one upload-state event stream (`GET /v1/uploads/{id}/events`) lasts before the
    /// client reconnects (`ATTACHE_EVENT_STREAM_SECONDS`, 5…3600, default 300).
    public var eventStreamSeconds: Int = Defaults.eventStreamSeconds
    /// The OAuth client id (implicit grant) the agent preview widget signs the agent in with.
    public var widgetClientID: String?
    /// Origins allowed to frame the agent preview widget (CSP `frame-ancestors`): Genesys Agent
    /// Workspace by default; `attache dev` adds the sandbox.
    public var widgetFrameAncestors: [String] = Defaults.widgetFrameAncestors
    /// The secret guest credentials and the embedded store's URLs are signed with; replicas
    /// must share it. `nil` makes a random one per process (never logged).
    public var signingSecret: String?
    /// Proxies whose `X-Forwarded-For` is believed for the client address (rate limits); none by
    /// default: the connection's peer address is the client's.
    public var trustedProxies: TrustedProxies = .none
    /// AWS settings shared by the S3 and SQS clients.
    public var aws: AWSSettings
    /// What uploads are accepted: size, types, extensions, quota, URL lifetime
    /// (`ATTACHE_MAX_FILE_SIZE`, `ATTACHE_ALLOWED_TYPES`, … ; see ``UploadPolicy``).
    public var uploadPolicy: UploadPolicy
    /// Abandoned-upload recovery: grace period and pass interval.
    public var recovery: RecoveryConfiguration = RecoveryConfiguration()
    /// Retention periods per area and the sweep interval (`ATTACHE_RETENTION_*`).
    public var retention: RetentionConfiguration = RetentionConfiguration()
    /// How often new audit entries are sealed into the hash chain (`ATTACHE_AUDIT_SEAL_SECONDS`).
    public var audit: AuditSealConfiguration = AuditSealConfiguration()
    /// Where the guest web UI connects (`ATTACHE_GUEST_DEPLOYMENT_ID`, `ATTACHE_GUEST_WEBSOCKET_URL`,
    /// `ATTACHE_GUEST_API_URL`); `attache dev` fills it from the sandbox.
    public var guest: GuestUIConfiguration = GuestUIConfiguration()
    /// Minimum log level.
    public var logLevel: Logger.Level
    /// Log line format.
    public var logFormat: LogFormat

    /// Default values, as documented in the README.
    public enum Defaults {
        public static let host = "127.0.0.1"
        public static let port = 8080
        public static let databaseURL = "sqlite:.attache/attache.sqlite"
        public static let store = "local:.attache/objects"
        public static let region = "us-east-1"
        /// Genesys Cloud Agent Workspace origins, every region.
        public static let widgetFrameAncestors = [
            "https://*.mypurecloud.com", "https://*.mypurecloud.com.au", "https://*.mypurecloud.ie",
            "https://*.mypurecloud.de", "https://*.mypurecloud.jp", "https://*.pure.cloud",
            "https://*.us-gov-pure.cloud",
        ]
        public static let linkTTLSeconds = 60
        public static let staleScanSeconds = 60
        public static let httpIdleTimeoutSeconds = 75
        public static let eventStreamSeconds = 300
    }

    /// Resolves the configuration from layered sources.
    /// - Throws: ``ConfigurationError`` naming the first value that cannot be used.
    public init(layers: ConfigurationLayers) throws(ConfigurationError) {
        let reader = ConfigurationReader(layers: layers)
        host = reader.string("ATTACHE_HOST") ?? Defaults.host
        port = try reader.port("ATTACHE_PORT") ?? Defaults.port
        publicURL = try reader.httpURL("ATTACHE_PUBLIC_URL")
        database = try DatabaseLocation(
            parsing: reader.string("ATTACHE_DATABASE_URL") ?? Defaults.databaseURL,
            origin: reader.origin("ATTACHE_DATABASE_URL"))
        store = try ObjectStoreLocation(
            parsing: reader.string("ATTACHE_STORE") ?? Defaults.store,
            origin: reader.origin("ATTACHE_STORE"))
        quarantineBucket = reader.string("ATTACHE_QUARANTINE_BUCKET")
        cleanBucket = reader.string("ATTACHE_CLEAN_BUCKET")
        queueURL = try reader.httpURL("ATTACHE_QUEUE_URL")
        clamd = try reader.clamdAddress("ATTACHE_CLAMD")
        genesysURL = try reader.httpURL("ATTACHE_GENESYS_URL")
        genesysClientID = reader.string("ATTACHE_GENESYS_CLIENT_ID")
        genesysClientSecret = reader.string("ATTACHE_GENESYS_CLIENT_SECRET")
        dataActionSecret = reader.string("ATTACHE_DATA_ACTION_SECRET")
        linkTTLSeconds = try reader.wholeSeconds("ATTACHE_LINK_TTL_SECONDS", in: 1...3600) ?? Defaults.linkTTLSeconds
        staleScanSeconds =
            try reader.wholeSeconds("ATTACHE_STALE_SCAN_SECONDS", in: 10...86_400) ?? Defaults.staleScanSeconds
        httpIdleTimeoutSeconds =
            try reader.wholeSeconds("ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS", in: 5...3600)
            ?? Defaults.httpIdleTimeoutSeconds
        eventStreamSeconds =
            try reader.wholeSeconds("ATTACHE_EVENT_STREAM_SECONDS", in: 5...3600) ?? Defaults.eventStreamSeconds
        widgetClientID = reader.string("ATTACHE_WIDGET_CLIENT_ID")
        if let value = reader.string("ATTACHE_WIDGET_FRAME_ANCESTORS") {
            let origins = value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let valid = origins.allSatisfy { origin in
                origin == "'self'"
                    || ((origin.hasPrefix("https://") || origin.hasPrefix("http://"))
                        && !origin.contains(where: { ";'\"".contains($0) || $0.isWhitespace }))
            }
            guard valid, !origins.isEmpty else {
                throw .invalidValue(
                    name: "ATTACHE_WIDGET_FRAME_ANCESTORS", value: value,
                    origin: reader.origin("ATTACHE_WIDGET_FRAME_ANCESTORS"),
                    expected: "origins like https://apps.mypurecloud.com, separated by spaces or commas")
            }
            widgetFrameAncestors = origins
        }
        signingSecret = reader.string("ATTACHE_SIGNING_SECRET")
        if let secret = signingSecret, secret.utf8.count < 32 {
            throw .invalidValue(
                name: "ATTACHE_SIGNING_SECRET", value: "(\(secret.utf8.count) bytes)",
                origin: reader.origin("ATTACHE_SIGNING_SECRET"),
                expected: "at least 32 bytes of random text")
        }
        if let proxies = reader.string("ATTACHE_TRUSTED_PROXIES") {
            do {
                trustedProxies = try TrustedProxies(parsing: proxies)
            } catch {
                throw .invalidValue(
                    name: "ATTACHE_TRUSTED_PROXIES", value: proxies, origin: reader.origin("ATTACHE_TRUSTED_PROXIES"),
                    expected: "IP addresses or CIDR blocks separated by commas (\(error))")
            }
        }
        aws = try AWSSettings(reader: reader)
        uploadPolicy = try UploadPolicy(reader: reader)
        access = try AccessConfiguration(reader: reader)
        recovery = try RecoveryConfiguration(reader: reader)
        retention = try RetentionConfiguration(reader: reader)
        audit = try AuditSealConfiguration(reader: reader)
        guest = try GuestUIConfiguration(reader: reader)
        logLevel = try reader.logLevel("ATTACHE_LOG_LEVEL") ?? .info
        logFormat = try reader.oneOf("ATTACHE_LOG_FORMAT", LogFormat.self) ?? .text
        if case .s3 = store {
            guard quarantineBucket != nil else {
                throw .missingValue(name: "ATTACHE_QUARANTINE_BUCKET", reason: "ATTACHE_STORE=s3 needs both buckets")
            }
            guard cleanBucket != nil else {
                throw .missingValue(name: "ATTACHE_CLEAN_BUCKET", reason: "ATTACHE_STORE=s3 needs both buckets")
            }
        }
    }

    /// The base URL links should use: ``publicURL`` if set, else the listen address.
    public func baseURL(boundPort: Int? = nil) -> String {
        if let publicURL { return publicURL }
        return "http://\(host):\(boundPort ?? port)"
    }
}

/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// Human-readable `key=value` lines.
    case text
    /// One JSON object per line, for log pipelines.
    case json
}

/// The AWS settings honoured as every AWS SDK does.
public struct AWSSettings: Sendable, Equatable {
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`), default `us-east-1`.
    public var region: String
    /// `AWS_PROFILE`, the shared-config profile to read credentials from.
    public var profile: String?
    /// `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`: a custom S3 endpoint (path-style addressing).
    public var s3Endpoint: String?
    /// `AWS_ENDPOINT_URL_SQS`, else `AWS_ENDPOINT_URL`: a custom SQS endpoint.
    public var sqsEndpoint: String?
    /// Every `AWS_*` variable after layering (flags > environment > file), for the credential
    /// chain: so `AWS_ACCESS_KEY_ID` may come from the configuration file too. Never logged.
    public var variables: [String: String]

    init(reader: ConfigurationReader) throws(ConfigurationError) {
        region =
            reader.string("AWS_REGION") ?? reader.string("AWS_DEFAULT_REGION") ?? GatewayConfiguration.Defaults.region
        profile = reader.string("AWS_PROFILE")
        let shared = try reader.httpURL("AWS_ENDPOINT_URL")
        s3Endpoint = try reader.httpURL("AWS_ENDPOINT_URL_S3") ?? shared
        sqsEndpoint = try reader.httpURL("AWS_ENDPOINT_URL_SQS") ?? shared
        var variables: [String: String] = [:]
        for source in reader.layers.sources.reversed() {
            for (name, value) in source.values where name.hasPrefix("AWS_") && !value.isEmpty {
                variables[name] = value
            }
        }
        // The shared-file and metadata providers also read HOME and the like.
        if let home = reader.string("HOME") { variables["HOME"] = home }
        self.variables = variables
    }

    /// Creates settings directly.
    public init(
        region: String,
        profile: String? = nil,
        s3Endpoint: String? = nil,
        sqsEndpoint: String? = nil,
        variables: [String: String] = [:]
    ) {
        self.region = region
        self.profile = profile
        self.s3Endpoint = s3Endpoint
        self.sqsEndpoint = sqsEndpoint
        self.variables = variables
    }
}
