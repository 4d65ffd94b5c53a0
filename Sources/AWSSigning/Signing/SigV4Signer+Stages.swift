import Crypto

/// The stages of Signature Version 4, named as AWS documents them.
extension SigV4Signer {
    /// The signing algorithm's name.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Whether a lowercased header name is one that is sent but never signed (hop-by-hop headers
    /// and ones proxies rewrite), the same list as botocore's.
    @inline(__always)
    static func isUnsignedHeader(_ name: String) -> Bool {
        switch name {
        case "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
            "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id":
            return true
        default:
            return false
        }
    }

    /// The result of signing, stage by stage (for tests and debugging; never logged).
    struct Stages {
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var signedHeaders: String
    }

    /// Stage 1a: the canonical URI.
    ///
    /// S3 signs the path as sent (encoded once, not normalised; escapes that are not already
    /// `%XX` are encoded). Other services remove `.`/`..` segments and repeated slashes, then
    /// encode the result again (`%` becomes `%25`). An empty path is `/`.
    func canonicalURI(path: ArraySlice<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(path.count + 8)
        writeCanonicalURI(path: path, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Stage 1a, appending the canonical URI to a byte buffer.
    func writeCanonicalURI(path: ArraySlice<UInt8>, into output: inout [UInt8]) {
        let start = output.count
        if normalizesPath {
            let normalized = Self.removeDotSegments(String(decoding: path, as: UTF8.self))
            AWSURIEncoding.encodeBytes(normalized.utf8, keepSlash: true, into: &output)
        } else {
            AWSURIEncoding.normalizeEncoded(path, keepSlash: true, into: &output)
        }
        if output.count == start { output.append(UInt8(ascii: "/")) }
    }

    /// RFC 3986 "remove dot segments", plus removal of empty segments, as botocore does.
    static func removeDotSegments<Path: StringProtocol>(_ path: Path) -> String {
        if path.isEmpty { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
            } else {
                segments.append(Substring(segment))
            }
        }
        let first = path.utf8.first == UInt8(ascii: "/") ? "/" : ""
        let last = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return first + segments.joined(separator: "/") + last
    }

    /// Stage 1b: the canonical query string of a query that is already encoded.
    ///
    /// Pairs split at the first `=`, names and values normalised to AWS's encoding (existing
    /// escapes kept), sorted by name then value, joined with `&`.
    static func canonicalQuery(encoded query: ArraySlice<UInt8>?) -> String {
        guard let query, !query.isEmpty else { return "" }
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for piece in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            var name: [UInt8] = []
            var value: [UInt8] = []
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                AWSURIEncoding.normalizeEncoded(piece[..<equals], keepSlash: false, into: &name)
                AWSURIEncoding.normalizeEncoded(piece[piece.index(after: equals)...], keepSlash: false, into: &value)
            } else {
                AWSURIEncoding.normalizeEncoded(piece, keepSlash: false, into: &name)
            }
            pairs.append((name, value))
        }
        return joinSorted(pairs)
    }

    /// Sorts encoded pairs by name then value (byte order) and joins them as `n=v&n=v`.
    static func joinSorted(_ pairs: [(name: [UInt8], value: [UInt8])]) -> String {
        let sorted = pairs.sorted { left, right in
            if left.name != right.name { return left.name.lexicographicallyPrecedes(right.name) }
            return left.value.lexicographicallyPrecedes(right.value)
        }
        var output: [UInt8] = []
        output.reserveCapacity(sorted.reduce(0) { $0 + $1.name.count + $1.value.count + 2 })
        for (index, pair) in sorted.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output.append(contentsOf: pair.name)
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: pair.value)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Stage 1c: the canonical headers (`name:value\n` each) and the signed-headers list.
    ///
    /// Names are lowercased and sorted; values are trimmed with inner whitespace runs collapsed
    /// to one space; repeated names are joined with commas in the order given. `host` is added
    /// from the URL when absent; hop-by-hop headers and `user-agent` are left out.
    static func canonicalHeaders(_ headers: [Header], host: String) -> (canonical: String, signed: String) {
        var canonical: [UInt8] = []
        var signed: [UInt8] = []
        writeCanonicalHeaders(headers, host: host, canonical: &canonical, signed: &signed)
        return (String(decoding: canonical, as: UTF8.self), String(decoding: signed, as: UTF8.self))
    }

    /// Stage 1c on bytes: appends the canonical headers (each line ending in `\n`) and the
    /// signed-headers list.
    static func writeCanonicalHeaders(
        _ headers: [Header],
        host: String,
        canonical: inout [UInt8],
        signed: inout [UInt8]
    ) {
        var entries: [(name: String, value: String, order: Int)] = []
        entries.reserveCapacity(headers.count + 1)
        var hasHost = false
        for (order, header) in headers.enumerated() {
            let name = lowercasedASCII(header.name)
            if isUnsignedHeader(name) { continue }
            if name == "host" { hasHost = true }
            entries.append((name, trimAll(header.value), order))
        }
        if !hasHost { entries.append(("host", host, entries.count)) }
        entries.sort { left, right in
            if left.name != right.name { return left.name.utf8.lexicographicallyPrecedes(right.name.utf8) }
            return left.order < right.order
        }
        canonical.reserveCapacity(entries.reduce(16) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        signed.reserveCapacity(entries.reduce(8) { $0 + $1.name.utf8.count + 1 })
        var previous: String?
        for entry in entries {
            if entry.name == previous {
                canonical.append(UInt8(ascii: ","))
                canonical.append(contentsOf: entry.value.utf8)
                continue
            }
            if previous != nil {
                canonical.append(0x0A)
                signed.append(UInt8(ascii: ";"))
            }
            canonical.append(contentsOf: entry.name.utf8)
            canonical.append(UInt8(ascii: ":"))
            canonical.append(contentsOf: entry.value.utf8)
            signed.append(contentsOf: entry.name.utf8)
            previous = entry.name
        }
        canonical.append(0x0A)
    }

    /// A header value with leading/trailing whitespace removed and inner runs made one space.
    static func trimAll(_ value: String) -> String {
        let utf8 = value.utf8
        var needsWork = utf8.first.map(isSpace) == true || utf8.last.map(isSpace) == true
        if !needsWork {
            var previousSpace = false
            for byte in utf8 {
                let space = isSpace(byte)
                if space && (previousSpace || byte != UInt8(ascii: " ")) {
                    needsWork = true
                    break
                }
                previousSpace = space
            }
        }
        if !needsWork { return value }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            if isSpace(byte) {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// ASCII whitespace as Python's `str.split()` sees it.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)
    }

    /// Stage 1: the canonical request.
    static func canonicalRequest(
        method: String,
        canonicalURI: String,
        canonicalQuery: String,
        canonicalHeaders: String,
        signedHeaders: String,
        payloadHash: String
    ) -> String {
        var request = uppercasedASCII(method)
        request += "\n"
        request += canonicalURI
        request += "\n"
        request += canonicalQuery
        request += "\n"
        request += canonicalHeaders
        request += "\n"
        request += signedHeaders
        request += "\n"
        request += payloadHash
        return request
    }

    /// The credential scope: `YYYYMMDD/region/service/aws4_request`.
    func credentialScope(dateStamp: String) -> String {
        dateStamp + "/" + region + "/" + service + "/aws4_request"
    }

    /// Stage 2: the string to sign: algorithm, timestamp, scope and the canonical request's hash.
    static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        var copy = canonicalRequest
        let hash = copy.withUTF8 { Hex.encode(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
        return algorithm + "\n" + timestamp + "\n" + scope + "\n" + hash
    }

    /// Stage 3: the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
    /// "aws4_request")`, uncached.
    static func deriveSigningKey(secret: String, dateStamp: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// Stage 3, cached: the signing key for this signer's secret, region and service on a date.
    func signingKey(dateStamp: String) -> SigningKey {
        SigningKeyCache.shared.signingKey(
            secret: credentials.secretAccessKey,
            dateStamp: dateStamp,
            region: region,
            service: service
        )
    }

    /// Stage 4: the signature, the hex HMAC of the string to sign with the signing key.
    static func signature(stringToSign: String, signingKey: SigningKey) -> String {
        var copy = stringToSign
        var output: [UInt8] = []
        output.reserveCapacity(64)
        copy.withUTF8 { signingKey.appendHexMAC(of: UnsafeRawBufferPointer($0), to: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
