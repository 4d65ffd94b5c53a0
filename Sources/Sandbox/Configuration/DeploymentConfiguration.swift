import Foundation

/// One Messenger deployment the sandbox answers for, with the limits Genesys applies to its guests.
///
/// Every field has a default, so a JSON file may give only `id`.
public struct DeploymentConfiguration: Sendable, Equatable, Codable {
    /// The deployment id guests pass as `?deploymentId=` and in `configureSession`.
    public var id: String
    /// MIME types a guest may attach natively (`*/*` allows all; `image/*` allows a family).
    public var allowedInboundFileTypes: [String]
    /// The size cap of a native attachment, in KiB.
    public var maxFileSizeKB: Int
    /// File extensions refused whatever their type, with the dot (`.exe`).
    public var blockedExtensions: [String]
    /// The cap on a message's custom attributes (JSON bytes of the key/value object).
    public var maxCustomDataBytes: Int
    /// The longest text a guest message may carry, in characters (error 4011 beyond).
    public var maxMessageLength: Int
    /// How long a session may stay without guest activity before it expires, in seconds.
    public var inactivityExpirySeconds: Double
    /// How many requests one connection may make in a window (429 / 4029 beyond).
    public var rateLimit: RateLimit

    /// The default deployment id the sandbox prints at start-up.
    public static let defaultID = "sandbox-deployment-0000-0000-000000000000"

    /// The blocked extensions Genesys applies by default.
    public static let defaultBlockedExtensions = [
        ".ade", ".adp", ".app", ".asp", ".bas", ".bat", ".cer", ".chm", ".cmd", ".com", ".cpl", ".crt",
        ".csh", ".der", ".dll", ".exe", ".fxp", ".gadget", ".hlp", ".hta", ".inf", ".ins", ".isp", ".its",
        ".js", ".jse", ".ksh", ".lnk", ".mad", ".maf", ".mag", ".mam", ".maq", ".mar", ".mas", ".mat",
        ".mau", ".mav", ".maw", ".mda", ".mdb", ".mde", ".mdt", ".mdw", ".mdz", ".msc", ".msh", ".msi",
        ".msp", ".mst", ".ops", ".pcd", ".pif", ".plg", ".prf", ".prg", ".pst", ".reg", ".scf", ".scr",
        ".sct", ".shb", ".shs", ".ps1", ".ps1xml", ".ps2", ".ps2xml", ".psc1", ".psc2", ".tmp", ".url",
        ".vb", ".vbe", ".vbs", ".vsmacros", ".vsw", ".ws", ".wsc", ".wsf", ".wsh", ".xnk",
    ]

    /// Creates a deployment.
    ///
    /// - Parameters:
    ///   - id: the deployment id.
    ///   - allowedInboundFileTypes: MIME types guests may attach natively.
    ///   - maxFileSizeKB: the native attachment size cap, KiB.
    ///   - blockedExtensions: refused extensions, with the dot.
    ///   - maxCustomDataBytes: the custom attributes cap, bytes.
    ///   - maxMessageLength: the text length cap, characters.
    ///   - inactivityExpirySeconds: idle time before a session expires (72 h by default).
    ///   - rateLimit: the per-connection request rate limit.
    public init(
        id: String = DeploymentConfiguration.defaultID,
        allowedInboundFileTypes: [String] = ["*/*"],
        maxFileSizeKB: Int = 10_240,
        blockedExtensions: [String] = DeploymentConfiguration.defaultBlockedExtensions,
        maxCustomDataBytes: Int = 2_048,
        maxMessageLength: Int = 4_096,
        inactivityExpirySeconds: Double = 72 * 3_600,
        rateLimit: RateLimit = RateLimit()
    ) {
        self.id = id
        self.allowedInboundFileTypes = allowedInboundFileTypes
        self.maxFileSizeKB = maxFileSizeKB
        self.blockedExtensions = blockedExtensions
        self.maxCustomDataBytes = maxCustomDataBytes
        self.maxMessageLength = maxMessageLength
        self.inactivityExpirySeconds = inactivityExpirySeconds
        self.rateLimit = rateLimit
    }

    private enum CodingKeys: String, CodingKey {
        case id, allowedInboundFileTypes, maxFileSizeKB, blockedExtensions, maxCustomDataBytes
        case maxMessageLength, inactivityExpirySeconds, rateLimit
    }

    /// Decodes a deployment; every field but `id` falls back to its default.
    /// - Throws: `DecodingError` when `id` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DeploymentConfiguration()
        id = try container.decode(String.self, forKey: .id)
        allowedInboundFileTypes =
            try container.decodeIfPresent([String].self, forKey: .allowedInboundFileTypes)
            ?? defaults.allowedInboundFileTypes
        maxFileSizeKB = try container.decodeIfPresent(Int.self, forKey: .maxFileSizeKB) ?? defaults.maxFileSizeKB
        blockedExtensions =
            try container.decodeIfPresent([String].self, forKey: .blockedExtensions)
            ?? defaults.blockedExtensions
        maxCustomDataBytes =
            try container.decodeIfPresent(Int.self, forKey: .maxCustomDataBytes)
            ?? defaults.maxCustomDataBytes
        maxMessageLength =
            try container.decodeIfPresent(Int.self, forKey: .maxMessageLength)
            ?? defaults.maxMessageLength
        inactivityExpirySeconds =
            try container.decodeIfPresent(Double.self, forKey: .inactivityExpirySeconds)
            ?? defaults.inactivityExpirySeconds
        rateLimit = try container.decodeIfPresent(RateLimit.self, forKey: .rateLimit) ?? defaults.rateLimit
    }

    /// Whether a guest may attach a file of this MIME type (`*/*`, `type/*` and exact matches).
    public func allowsFileType(_ mimeType: String) -> Bool {
        let essence =
            mimeType.split(separator: ";").first.map(String.init)?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let family = essence.split(separator: "/").first.map(String.init) ?? essence
        return allowedInboundFileTypes.contains { allowed in
            let pattern = allowed.lowercased()
            return pattern == "*/*" || pattern == essence || pattern == "\(family)/*"
        }
    }

    /// Whether a file name ends with a blocked extension (case-insensitive).
    public func blocksFileName(_ fileName: String) -> Bool {
        let lowered = fileName.lowercased()
        return blockedExtensions.contains { lowered.hasSuffix($0.lowercased()) }
    }
}
