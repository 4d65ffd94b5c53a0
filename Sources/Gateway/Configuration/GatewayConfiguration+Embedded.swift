import Foundation

extension GatewayConfiguration {
    /// The embedded configuration rooted in one directory: the SQLite state at
    /// `directory/state.sqlite` and the filesystem object store under `directory/objects`, with
    /// `values` (configuration variables by name, e.g. `ATTACHE_PUBLIC_URL`) on top; a value given
    /// for the database or store wins.
    ///
    /// For tools and test harnesses that run a self-contained gateway in a directory of their own
    /// (`attache dev` uses the defaults under `.attache/` instead).
    /// - Parameters:
    ///   - directory: where the state and objects live (created when the gateway opens them).
    ///   - origin: the name reported in configuration errors.
    ///   - values: further configuration variables.
    /// - Throws: ``ConfigurationError`` for an invalid value.
    public static func embedded(
        in directory: URL, origin: String = "embedded", values: [String: String] = [:]
    ) throws(ConfigurationError) -> GatewayConfiguration {
        var all = [
            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite",
            "ATTACHE_STORE": "local:\(directory.path)/objects",
        ]
        all.merge(values) { _, given in given }
        return try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: origin, values: all)]))
    }
}
