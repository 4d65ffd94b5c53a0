import Foundation

/// Where the parts of an absolute URL are in its UTF-8 bytes, for the presign fast path.
///
/// The same split as ``RawURL`` (Python's `urlsplit`), as offsets instead of copies.
struct PresignURLLayout {
    /// The offset of the `:` after the scheme.
    let schemeEnd: Int
    /// The offsets of the authority (`user@host:port`).
    let authorityStart: Int
    let authorityEnd: Int
    /// The end of the path (the path starts at `authorityEnd`).
    let pathEnd: Int
    /// The offsets of the query without `?` (empty when there is none); the fragment is dropped.
    let queryStart: Int
    let queryEnd: Int

    /// Splits a URL, or `nil` when it is not absolute (the general path then throws the error).
    init?(_ url: UnsafeBufferPointer<UInt8>) {
        let count = url.count
        var colon = 0
        while colon < count, url[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon > 0, colon + 2 < count, url[colon + 1] == UInt8(ascii: "/"), url[colon + 2] == UInt8(ascii: "/")
        else { return nil }
        schemeEnd = colon
        authorityStart = colon + 3
        var cursor = authorityStart
        while cursor < count {
            let byte = url[cursor]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            cursor += 1
        }
        authorityEnd = cursor
        var end = count
        var question = -1
        if cursor < count, let start = url.baseAddress {
            if let hash = memchr(start + cursor, Int32(UInt8(ascii: "#")), count - cursor) {
                end = start.distance(to: hash.assumingMemoryBound(to: UInt8.self))
            }
            if end > cursor, let mark = memchr(start + cursor, Int32(UInt8(ascii: "?")), end - cursor) {
                question = start.distance(to: mark.assumingMemoryBound(to: UInt8.self))
            }
        } else {
            end = cursor
        }
        if question >= 0 {
            pathEnd = question
            queryStart = question + 1
        } else {
            pathEnd = end
            queryStart = end
        }
        queryEnd = end
    }

    /// Writes the `Host` header's value (lowercased host, `:port` unless the scheme's default),
    /// or returns `false` for a missing host or a bad port (the general path then throws).
    func writeHostHeader(of url: UnsafeBufferPointer<UInt8>, into output: inout ByteWriter) -> Bool {
        var hostStart = authorityStart
        var index = authorityEnd - 1
        while index >= authorityStart {
            if url[index] == UInt8(ascii: "@") {
                hostStart = index + 1
                break
            }
            index -= 1
        }
        var hostEnd = authorityEnd
        var portStart = authorityEnd
        if hostStart < authorityEnd, url[hostStart] == UInt8(ascii: "[") {
            var close = hostStart
            while close < authorityEnd, url[close] != UInt8(ascii: "]") { close += 1 }
            guard close < authorityEnd else { return false }
            hostEnd = close + 1
            if hostEnd < authorityEnd, url[hostEnd] == UInt8(ascii: ":") { portStart = hostEnd + 1 }
        } else {
            var colon = hostStart
            while colon < authorityEnd, url[colon] != UInt8(ascii: ":") { colon += 1 }
            if colon < authorityEnd {
                hostEnd = colon
                portStart = colon + 1
            }
        }
        guard hostEnd > hostStart else { return false }
        if hostEnd - hostStart == 2, url[hostStart] == UInt8(ascii: "["), url[hostStart + 1] == UInt8(ascii: "]") {
            return false
        }
        output.appendLowercased(UnsafeBufferPointer(rebasing: url[hostStart..<hostEnd]))
        guard portStart < authorityEnd else { return true }
        var port = 0
        for position in portStart..<authorityEnd {
            let digit = url[position]
            guard digit >= 0x30 && digit <= 0x39, port <= 65_535 else { return false }
            port = port * 10 + Int(digit - 0x30)
        }
        guard port <= 65_535 else { return false }
        if !(port == 80 && schemeIs("http", in: url)) && !(port == 443 && schemeIs("https", in: url)) {
            output.append(UInt8(ascii: ":"))
            output.appendDecimal(port)
        }
        return true
    }

    /// Whether the scheme is `name` (ASCII case-insensitive; `name` is lowercase).
    private func schemeIs(_ name: StaticString, in url: UnsafeBufferPointer<UInt8>) -> Bool {
        guard schemeEnd == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for index in 0..<schemeEnd {
            let byte = url[index]
            if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != expected[index] { return false }
        }
        return true
    }

    /// Writes S3's canonical URI: the path with existing `%XX` escapes kept (hex uppercased), other
    /// bytes outside the unreserved set and `/` encoded; `/` for an empty path.
    func writeS3CanonicalURI(of url: UnsafeBufferPointer<UInt8>, into output: inout ByteWriter) {
        let start = output.count
        var index = authorityEnd
        while index < pathEnd {
            var runEnd = index
            while runEnd < pathEnd, AWSURIEncoding.isUnreserved(url[runEnd]) || url[runEnd] == UInt8(ascii: "/") {
                runEnd += 1
            }
            if runEnd > index { output.append(UnsafeBufferPointer(rebasing: url[index..<runEnd])) }
            guard runEnd < pathEnd else { break }
            let byte = url[runEnd]
            if byte == UInt8(ascii: "%"), runEnd + 2 < pathEnd,
                let high = Hex.value(of: url[runEnd + 1]), let low = Hex.value(of: url[runEnd + 2])
            {
                output.appendEscaped(high << 4 | low)
                index = runEnd + 3
            } else {
                output.appendEscaped(byte)
                index = runEnd + 1
            }
        }
        if output.count == start { output.append(UInt8(ascii: "/")) }
    }

    /// Form-decodes `start..<end` (`+` is a space, `%XX` escapes) and writes it encoded again;
    /// `false` when a decoded byte is not ASCII (the general path repairs UTF-8 as Python does).
    static func writeFormReencoded(
        _ url: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        into output: inout ByteWriter
    ) -> Bool {
        var index = start
        while index < end {
            let byte = url[index]
            if byte == UInt8(ascii: "+") {
                output.appendEncoded(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < end,
                let high = Hex.value(of: url[index + 1]), let low = Hex.value(of: url[index + 2])
            {
                let decoded = high << 4 | low
                guard decoded < 0x80 else { return false }
                output.appendEncoded(decoded)
                index += 2
            } else {
                guard byte < 0x80 else { return false }
                output.appendEncoded(byte)
            }
            index += 1
        }
        return true
    }
}
