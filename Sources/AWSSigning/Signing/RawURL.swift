/// The parts of an absolute URL that SigV4 needs, taken from its text without re-encoding
/// (as Python's `urlsplit` does), so the canonical request sees exactly what goes on the wire.
///
/// The URL's UTF-8 bytes are copied once; the parts are slices of that copy.
struct RawURL: Sendable {
    /// The URL's bytes.
    let bytes: [UInt8]
    /// The scheme as written (`https`).
    let scheme: ArraySlice<UInt8>
    /// The raw authority (`user@host:port`), as written.
    let authority: ArraySlice<UInt8>
    /// The value of the `Host` header: lowercased host, `:port` only when not the scheme's default.
    let hostHeader: String
    /// The raw path (may be empty).
    let path: ArraySlice<UInt8>
    /// The raw query without `?`, or `nil` when there is none. The fragment is dropped.
    let query: ArraySlice<UInt8>?

    /// Splits an absolute URL.
    ///
    /// - Throws: ``SigningError`` `invalidURL` (no scheme, bad port) or `missingHost`.
    init(_ text: String) throws(SigningError) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        let count = bytes.count
        var colon = 0
        while colon < count, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon > 0, colon + 2 < count, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/")
        else {
            throw SigningError.invalidURL(Self.redacted(text), reason: "it is not absolute (scheme://host/path)")
        }
        scheme = bytes[0..<colon]
        let authorityStart = colon + 3
        var cursor = authorityStart
        while cursor < count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            cursor += 1
        }
        authority = bytes[authorityStart..<cursor]
        var end = cursor
        var question: Int?
        while end < count, bytes[end] != UInt8(ascii: "#") {
            if question == nil, bytes[end] == UInt8(ascii: "?") { question = end }
            end += 1
        }
        if let question {
            path = bytes[cursor..<question]
            query = bytes[(question + 1)..<end]
        } else {
            path = bytes[cursor..<end]
            query = nil
        }
        hostHeader = try Self.hostHeader(authority: authority, scheme: scheme, text: text)
    }

    /// The path as text (for the non-S3 normalisation).
    var pathString: String { String(decoding: path, as: UTF8.self) }

    private static func hostHeader(
        authority: ArraySlice<UInt8>,
        scheme: ArraySlice<UInt8>,
        text: String
    ) throws(SigningError) -> String {
        var hostPort = authority
        if let at = hostPort.lastIndex(of: UInt8(ascii: "@")) {
            hostPort = hostPort[(at + 1)...]
        }
        var host = hostPort
        var portText = hostPort[hostPort.endIndex...]
        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")) else {
                throw SigningError.invalidURL(redacted(text), reason: "its IPv6 host has no closing ']'")
            }
            host = hostPort[...close]
            let rest = hostPort[(close + 1)...]
            if rest.first == UInt8(ascii: ":") { portText = rest.dropFirst() }
        } else if let colon = hostPort.firstIndex(of: UInt8(ascii: ":")) {
            host = hostPort[..<colon]
            portText = hostPort[(colon + 1)...]
        }
        guard !host.isEmpty, !host.elementsEqual("[]".utf8) else { throw SigningError.missingHost(redacted(text)) }
        var header = String(decoding: host.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        if !portText.isEmpty {
            var port = 0
            for digit in portText {
                guard digit >= 0x30 && digit <= 0x39, port <= 65_535 else {
                    throw SigningError.invalidURL(redacted(text), reason: "its port is not a number from 0 to 65535")
                }
                port = port * 10 + Int(digit - 0x30)
            }
            guard port <= 65_535 else {
                throw SigningError.invalidURL(redacted(text), reason: "its port is not a number from 0 to 65535")
            }
            let lowerScheme = lowercasedASCII(String(decoding: scheme, as: UTF8.self))
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
