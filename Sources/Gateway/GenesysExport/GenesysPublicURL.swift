import Foundation

/// The gateway's external base URL, checked for use in Genesys Cloud artifacts: Data Action
/// request URL templates and the Interaction Widget's application URL.
///
/// Genesys Cloud runs in the browser over HTTPS and calls Data Actions from its own cloud, so the
/// URL must be `https://`; plain `http://` is accepted only for a loopback host (local testing
/// against the sandbox). The URL may carry a path prefix (a gateway behind a reverse proxy) but no
/// credentials, query or fragment, and none of the characters Velocity templates give meaning to.
public struct GenesysPublicURL: Sendable, Equatable, CustomStringConvertible {
    /// The normalized base URL, without a trailing slash, e.g. `https://attache.example.com`.
    public let base: String
    /// The scheme, host and port of ``base``, e.g. `https://attache.example.com`.
    public let origin: String

    /// Validates a public URL.
    /// - Parameter raw: the URL as given on the command line, in the environment or a file.
    /// - Throws: ``GenesysExportError/missingPublicURL`` when empty,
    ///   ``GenesysExportError/invalidPublicURL(value:reason:)`` when Genesys could not use it.
    public init(_ raw: String) throws(GenesysExportError) {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw .missingPublicURL }
        func invalid(_ reason: String) -> GenesysExportError { .invalidPublicURL(value: raw, reason: reason) }
        if let bad = value.unicodeScalars.first(where: Self.isForbidden) {
            throw invalid("it contains '\(Character(bad))', which URL or Velocity templates would misread")
        }
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased() else {
            throw invalid("it is not a URL; expected https://HOST[:PORT][/PATH]")
        }
        guard let host = components.host, !host.isEmpty else {
            throw invalid("it has no host; expected https://HOST[:PORT][/PATH]")
        }
        guard components.user == nil, components.password == nil else {
            throw invalid("it carries credentials; the Data Action secret travels in a header instead")
        }
        guard components.query == nil, components.fragment == nil else {
            throw invalid("it has a query or fragment; give the base URL only")
        }
        switch scheme {
        case "https": break
        case "http" where Self.isLoopback(host): break
        case "http":
            throw invalid("Genesys Cloud requires https:// (http:// is accepted only for a loopback host)")
        default:
            throw invalid("the scheme must be https")
        }
        var normalized = value
        while normalized.hasSuffix("/") { normalized.removeLast() }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        base = normalized
        origin = String(normalized.dropLast(path.count))
    }

    /// Whether the gateway is published under a path (`https://host/prefix`), not at the origin's root.
    public var hasPathPrefix: Bool { base != origin }

    /// The base URL followed by `path` (which starts with `/`).
    public func appending(_ path: String) -> String { base + path }

    public var description: String { base }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x21 || scalar.value == 0x7F || "$#{}\"\\<>`|^".unicodeScalars.contains(scalar)
    }

    private static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "[::1]" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
