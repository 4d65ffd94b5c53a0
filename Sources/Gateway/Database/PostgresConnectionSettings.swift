import Foundation

/// A PostgreSQL server to connect to, parsed from `ATTACHE_DATABASE_URL`:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]`
/// (`postgresql://` too). User, password and database may be percent-encoded.
///
/// The password is never part of ``description`` or ``debugDescription``.
public struct PostgresConnectionSettings: Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// Whether the connection uses TLS (`sslmode`).
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP (`sslmode=disable`): only for loopback or a private network.
        case disable
        /// TLS with the server's certificate verified against the system's trust roots and the
        /// host name (`sslmode=require`).
        case require
        /// TLS when the server offers it, plain otherwise: the default when `sslmode` is absent.
        case prefer
    }

    /// The user name.
    public var username: String
    /// The password, if any (never printed).
    public var password: String?
    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 when the URL names none).
    public var port: Int
    /// The database name.
    public var database: String
    /// The TLS mode.
    public var tls: TLSMode
    /// The schema the store's tables live in (`public` unless set; tests use their own).
    public var schema: String?

    /// Creates settings.
    public init(
        username: String, password: String? = nil, host: String, port: Int = 5432, database: String,
        tls: TLSMode = .prefer, schema: String? = nil
    ) {
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
        self.schema = schema
    }

    /// Parses a `postgres://` or `postgresql://` URL.
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` (with the
    ///   password masked) naming what is missing or wrong.
    public init(url: String, origin: String = "ATTACHE_DATABASE_URL") throws(ConfigurationError) {
        func invalid(_ expected: String) -> ConfigurationError {
            .invalidValue(
                name: "ATTACHE_DATABASE_URL", value: DatabaseLocation.redacting(url), origin: origin,
                expected: expected)
        }
        let shape = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]"
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else { throw invalid(shape) }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw invalid("\(shape) (the user name is missing)")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("\(shape) (the host is missing)") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw invalid("\(shape) (the port must be 1-65535)") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw invalid("\(shape) (the database name is missing)")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw invalid("\(shape) (unknown parameter '\(item.name)'; only sslmode is supported)")
            }
            switch item.value {
            case "disable": tls = .disable
            case "require": tls = .require
            default: throw invalid("\(shape) (sslmode must be disable or require)")
            }
        }
        self.init(
            username: user, password: components.password?.removingPercentEncoding, host: host, port: port,
            database: database, tls: tls)
    }

    /// `postgres://USER:***@HOST:PORT/DATABASE?sslmode=…`, the password masked.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        let mode = tls == .prefer ? "" : "?sslmode=\(tls.rawValue)"
        let schemaNote = schema.map { " (schema \($0))" } ?? ""
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)\(mode)\(schemaNote)"
    }

    /// The same as ``description``: never the password.
    public var debugDescription: String { description }
}
