/// URI encoding as AWS specifies it for SigV4 and S3 (RFC 3986 unreserved characters kept).
///
/// `A–Z a–z 0–9 - . _ ~` stay as they are; every other byte of the UTF-8 form becomes `%XX`
/// with uppercase hex digits. Use it to build S3 object paths from keys that contain spaces,
/// `+`, `%`, `~`, unicode or slashes.
public enum AWSURIEncoding {
    /// Whether a byte is in RFC 3986's unreserved set (`A–Z a–z 0–9 - . _ ~`).
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true
        default: return false
        }
    }

    /// Encodes a string with AWS's `UriEncode`.
    ///
    /// - Parameters:
    ///   - string: the raw text (an object key, a query name or value).
    ///   - encodeSlash: `false` to keep `/` (object keys in paths), `true` to encode it as `%2F`.
    /// - Returns: the encoded text.
    public static func encode(_ string: String, encodeSlash: Bool = true) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count + 16)
        for byte in string.utf8 {
            if isUnreserved(byte) || (!encodeSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                appendEscaped(byte, to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The encoded path of an S3 object: `/bucket/key` (path-style) or `/key` (virtual-hosted).
    ///
    /// The key is encoded once with `/` kept, exactly as S3 expects in the canonical URI.
    /// - Parameters:
    ///   - bucket: the bucket for path-style addressing, or `nil` for virtual-hosted addressing.
    ///   - key: the raw object key.
    /// - Returns: the path, starting with `/`.
    public static func s3ObjectPath(bucket: String? = nil, key: String) -> String {
        let encodedKey = encode(key, encodeSlash: false)
        guard let bucket else { return "/" + encodedKey }
        return "/" + encode(bucket) + "/" + encodedKey
    }

    /// A query string from name/value pairs, each encoded, joined in the given order.
    ///
    /// - Parameter items: raw names and values; a `nil` value gives `name=` (as S3's `?uploads=`).
    /// - Returns: `name=value&…` without a leading `?`.
    public static func query(_ items: [(name: String, value: String?)]) -> String {
        var text = ""
        for (index, item) in items.enumerated() {
            if index > 0 { text += "&" }
            text += encode(item.name) + "=" + encode(item.value ?? "")
        }
        return text
    }

    /// Encodes what is not already encoded: keeps unreserved bytes and valid `%XX` escapes (hex
    /// made uppercase), encodes every other byte; `/` kept when `keepSlash`.
    static func normalizeEncoded<Bytes: Collection>(_ bytes: Bytes, keepSlash: Bool, into output: inout [UInt8])
    where Bytes.Element == UInt8 {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else if byte == UInt8(ascii: "%"),
                let first = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), first != bytes.endIndex,
                let second = bytes.index(first, offsetBy: 1, limitedBy: bytes.endIndex), second != bytes.endIndex,
                let high = Hex.value(of: bytes[first]), let low = Hex.value(of: bytes[second])
            {
                output.append(UInt8(ascii: "%"))
                output.append(upperHexDigit(high))
                output.append(upperHexDigit(low))
                index = second
            } else {
                appendEscaped(byte, to: &output)
            }
            index = bytes.index(after: index)
        }
    }

    /// Encodes every byte outside the unreserved set (and `/` unless `keepSlash`).
    static func encodeBytes<Bytes: Sequence>(_ bytes: Bytes, keepSlash: Bool, into output: inout [UInt8])
    where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            encodeBuffer(buffer, keepSlash: keepSlash, into: &output)
        }
        if handled != nil { return }
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                appendEscaped(byte, to: &output)
            }
        }
    }

    private static func encodeBuffer(_ bytes: UnsafeBufferPointer<UInt8>, keepSlash: Bool, into output: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                appendEscaped(byte, to: &output)
            }
        }
    }

    /// Decodes form encoding (`+` is a space, `%XX` escapes), as Python's `parse_qs` does.
    static func formDecode<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"),
                let first = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), first != bytes.endIndex,
                let second = bytes.index(first, offsetBy: 1, limitedBy: bytes.endIndex), second != bytes.endIndex,
                let high = Hex.value(of: bytes[first]), let low = Hex.value(of: bytes[second])
            {
                output.append(high << 4 | low)
                index = second
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return output
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "%"))
        output.append(upperHexDigit(byte >> 4))
        output.append(upperHexDigit(byte & 0x0F))
    }

    @inline(__always)
    private static func upperHexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x37 + value
    }
}
