/// URI encoding as AWS specifies it for SigV4 and S3 (RFC 3986 unreserved characters kept).
///
/// `A–Z a–z 0–9 - . _ ~` stay as they are; every other byte of the UTF-8 form becomes `%XX`
/// with uppercase hex digits. Use it to build S3 object paths from keys that contain spaces,
/// `+`, `%`, `~`, unicode or slashes.
public enum AWSURIEncoding {
    /// `true` for the bytes of RFC 3986's unreserved set.
    private static let unreserved: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in "-._~".utf8 { table[Int(byte)] = true }
        return table
    }()

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

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
            if unreserved[Int(byte)] || (!encodeSlash && byte == UInt8(ascii: "/")) {
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
            if unreserved[Int(byte)] || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else if byte == UInt8(ascii: "%"),
                let first = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), first != bytes.endIndex,
                let second = bytes.index(first, offsetBy: 1, limitedBy: bytes.endIndex), second != bytes.endIndex,
                let high = Hex.value(of: bytes[first]), let low = Hex.value(of: bytes[second])
            {
                output.append(UInt8(ascii: "%"))
                output.append(upperHex[Int(high)])
                output.append(upperHex[Int(low)])
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
        for byte in bytes {
            if unreserved[Int(byte)] || (keepSlash && byte == UInt8(ascii: "/")) {
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
        output.append(upperHex[Int(byte >> 4)])
        output.append(upperHex[Int(byte & 0x0F)])
    }
}
