/// Why `attache genesys export` cannot produce its files, with what to do about it.
public enum GenesysExportError: Error, Equatable, CustomStringConvertible {
    /// No public URL was given (`--public-url` or `ATTACHE_PUBLIC_URL`).
    case missingPublicURL
    /// The public URL cannot be called by Genesys Cloud; `reason` says why.
    case invalidPublicURL(value: String, reason: String)
    /// Files of the export already exist in the output directory and `--force` was not given.
    case filesExist(directory: String, names: [String])
    /// The output directory or a file could not be written.
    case cannotWrite(path: String, reason: String)

    /// A stable code for scripts and logs.
    public var code: String {
        switch self {
        case .missingPublicURL: "genesys_export.missing_public_url"
        case .invalidPublicURL: "genesys_export.invalid_public_url"
        case .filesExist: "genesys_export.files_exist"
        case .cannotWrite: "genesys_export.cannot_write"
        }
    }

    public var description: String {
        switch self {
        case .missingPublicURL:
            "the gateway's public URL is not set: pass --public-url https://attache.example.com "
                + "(or set ATTACHE_PUBLIC_URL); Genesys Cloud calls the Data Actions and loads the widget there"
        case .invalidPublicURL(let value, let reason):
            "public URL '\(value)' cannot be used: \(reason)"
        case .filesExist(let directory, let names):
            "\(directory) already holds \(names.joined(separator: ", ")); pass --force to overwrite "
                + "or --output to choose another directory"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
