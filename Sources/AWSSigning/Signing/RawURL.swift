/// The parts of an absolute URL that SigV4 needs, taken from its text without re-encoding
/// (as Python's `urlsplit` does), so the canonical request sees exactly what goes on the wire.
struct RawURL: Sendable {
    /// The scheme as written (`https`).
    var scheme: Substring
    /// The raw authority (`user@host:port`), as written.
    var authority: Substring
    /// The value of the `Host` header: lowercased host, `:port` only when not the scheme's default.
    var hostHeader: String
    /// The raw path (may be empty).
    var path: Substring
    /// The raw query without `?`, or `nil` when there is none.
    var query: Substring?

    /// Splits an absolute URL.
    ///
    /// - Throws: ``SigningError`` `invalidURL` (no scheme, bad port) or `missingHost`.
    init(_ text: String) throws(SigningError) {
        let utf8 = text.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")),
            utf8[colon...].starts(with: "://".utf8), colon != utf8.startIndex
        else {
            throw SigningError.invalidURL(Self.redacted(text), reason: "it is not absolute (scheme://host/path)")
        }
        scheme = Substring(text[..<colon])
        let authorityStart = utf8.index(colon, offsetBy: 3)
        var end = utf8.endIndex
        var cursor = authorityStart
        while cursor != utf8.endIndex {
            let byte = utf8[cursor]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                break
            }
            cursor = utf8.index(after: cursor)
        }
        authority = Substring(text[authorityStart..<cursor])
        if let hash = utf8[cursor...].firstIndex(of: UInt8(ascii: "#")) {
            end = hash
        }
        if let question = utf8[cursor..<end].firstIndex(of: UInt8(ascii: "?")) {
            path = Substring(text[cursor..<question])
            query = Substring(text[utf8.index(after: question)..<end])
        } else {
            path = Substring(text[cursor..<end])
            query = nil
        }
        hostHeader = try Self.hostHeader(authority: authority, scheme: scheme, text: text)
    }

    /// `scheme://authority/path` followed by `?query` when a query is given.
    func string(query newQuery: String?) -> String {
        var text = String(scheme)
        text += "://"
        text += authority
        text += path
        if let newQuery {
            text += "?"
            text += newQuery
        }
        return text
    }

    private static func hostHeader(authority: Substring, scheme: Substring, text: String) throws(SigningError)
        -> String
    {
        var hostPort = authority
        if let at = hostPort.utf8.lastIndex(of: UInt8(ascii: "@")) {
            hostPort = hostPort[hostPort.utf8.index(after: at)...]
        }
        let host: Substring
        var portText: Substring = ""
        if hostPort.utf8.first == UInt8(ascii: "[") {
            guard let close = hostPort.utf8.firstIndex(of: UInt8(ascii: "]")) else {
                throw SigningError.invalidURL(redacted(text), reason: "its IPv6 host has no closing ']'")
            }
            let afterClose = hostPort.utf8.index(after: close)
            host = hostPort[..<afterClose]
            let rest = hostPort[afterClose...]
            if rest.utf8.first == UInt8(ascii: ":") {
                portText = rest.dropFirst()
            }
        } else if let colon = hostPort.utf8.firstIndex(of: UInt8(ascii: ":")) {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.utf8.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty, host != "[]" else { throw SigningError.missingHost(redacted(text)) }
        var header = lowercasedASCII(host)
        if !portText.isEmpty {
            guard portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let port = Int(portText), port <= 65_535
            else {
                throw SigningError.invalidURL(redacted(text), reason: "its port is not a number from 0 to 65535")
            }
            let lowerScheme = lowercasedASCII(scheme)
            let isDefault = (lowerScheme == "http" && port == 80) || (lowerScheme == "https" && port == 443)
            if !isDefault {
                header += ":" + String(port)
            }
        }
        return header
    }

    /// The URL without query and fragment, safe to show in error messages.
    static func redacted(_ text: String) -> String {
        let utf8 = text.utf8
        if let cut = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            return String(text[..<cut])
        }
        return text
    }
}

/// ASCII lowercasing (header names, hosts), leaving other bytes alone.
func lowercasedASCII<S: StringProtocol>(_ text: S) -> String {
    if !text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(text) }
    return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
}

/// ASCII uppercasing (HTTP methods).
func uppercasedASCII<S: StringProtocol>(_ text: S) -> String {
    if !text.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return String(text) }
    return String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
}
