import Foundation

/// Where the gateway keeps its state: `sqlite:PATH` or `postgres://…`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (created with its directory when missing).
    case sqlite(path: String)
    /// A PostgreSQL server, by URL (validated: ``postgresSettings`` parses it).
    case postgres(url: String)

    /// The connection settings of a PostgreSQL location, or `nil` for SQLite.
    public var postgresSettings: PostgresConnectionSettings? {
        guard case .postgres(let url) = self else { return nil }
        return try? PostgresConnectionSettings(url: url)
    }

    /// Parses `ATTACHE_DATABASE_URL`.
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` for other schemes
    ///   and for a PostgreSQL URL without user, host or database, or with an unknown `sslmode`.
    public init(parsing value: String, origin: String) throws(ConfigurationError) {
        if value.hasPrefix("sqlite:") {
            let path = String(value.dropFirst("sqlite:".count)).replacingOccurrences(
                of: "//", with: "", options: .anchored)
            guard !path.isEmpty else {
                throw .invalidValue(
                    name: "ATTACHE_DATABASE_URL", value: value, origin: origin,
                    expected: "sqlite:PATH with a file path")
            }
            self = .sqlite(path: path)
        } else if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            // Checked now, so a bad URL is a configuration error at start-up, not a failed connection.
            _ = try PostgresConnectionSettings(url: value, origin: origin)
            self = .postgres(url: value)
        } else {
            throw .invalidValue(
                name: "ATTACHE_DATABASE_URL", value: Self.redacting(value), origin: origin,
                expected: "sqlite:PATH or postgres://USER@HOST:PORT/DB")
        }
    }

    /// A description without any password.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): Self.redacting(url)
        }
    }

    static func redacting(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"),
            let at = url.range(of: "@", range: schemeEnd.upperBound..<url.endIndex)
        else { return url }
        let userInfo = url[schemeEnd.upperBound..<at.lowerBound]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }
}

/// Where objects live: the embedded filesystem store or S3.
public enum ObjectStoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// The embedded filesystem store rooted at a directory (development).
    case local(path: String)
    /// Amazon S3 (or an S3-compatible endpoint), with the configured buckets.
    case s3

    /// Parses `ATTACHE_STORE`.
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` for anything else.
    public init(parsing value: String, origin: String) throws(ConfigurationError) {
        if value == "s3" {
            self = .s3
        } else if value.hasPrefix("local:"), value.count > "local:".count {
            self = .local(path: String(value.dropFirst("local:".count)))
        } else {
            throw .invalidValue(name: "ATTACHE_STORE", value: value, origin: origin, expected: "s3 or local:PATH")
        }
    }

    public var description: String {
        switch self {
        case .local(let path): "local:\(path)"
        case .s3: "s3"
        }
    }
}
