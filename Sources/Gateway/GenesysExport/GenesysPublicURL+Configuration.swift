extension GenesysPublicURL {
    /// The configuration name of the gateway's public URL.
    public static let variable = "ATTACHE_PUBLIC_URL"

    /// Reads and validates `ATTACHE_PUBLIC_URL` from layered configuration (flags > environment >
    /// file), naming where a bad value came from.
    /// - Throws: ``GenesysExportError/missingPublicURL`` when no layer sets it,
    ///   ``GenesysExportError/invalidPublicURL(value:reason:)`` when Genesys could not use it.
    public static func resolve(_ layers: ConfigurationLayers) throws(GenesysExportError) -> GenesysPublicURL {
        guard let (value, origin) = layers.lookup(variable) else { throw .missingPublicURL }
        do {
            return try GenesysPublicURL(value)
        } catch .invalidPublicURL(let value, let reason) {
            throw .invalidPublicURL(value: value, reason: "\(reason) (\(variable) from \(origin))")
        } catch {
            throw error
        }
    }
}
