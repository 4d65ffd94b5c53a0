/// How the file access service runs, beyond the link lifetime (`ATTACHE_LINK_TTL_SECONDS`).
public struct AccessConfiguration: Sendable, Equatable {
    /// How long the participant check of a file **listing** (the preview widget's periodic
    /// refresh) may reuse a conversation looked up at Genesys
    /// (`ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS`, default 5 s; zero asks Genesys every time).
    /// Links never use it.
    public var listingCacheLifetime: Duration

    /// Default values, as documented in the README.
    public enum Defaults {
        public static let listingCacheSeconds = 5
    }

    /// Creates a configuration.
    public init(listingCacheLifetime: Duration = .seconds(Defaults.listingCacheSeconds)) {
        self.listingCacheLifetime = listingCacheLifetime
    }

    /// Reads `ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS` (0…60, default 5).
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` naming the setting.
    init(reader: ConfigurationReader) throws(ConfigurationError) {
        let seconds = try reader.wholeSeconds("ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS", in: 0...60)
        self.init(listingCacheLifetime: .seconds(seconds ?? Defaults.listingCacheSeconds))
    }
}
