import Crypto
import Foundation

/// Presigning: the signature in the query string (botocore's `SigV4QueryAuth` / `S3SigV4QueryAuth`).
///
/// Built on byte buffers end to end (no intermediate strings, no Foundation URL parsing), since
/// presigning is the gateway's hot path.
extension SigV4Signer {
    /// Encoded query parameters: one byte store and the ranges of each name and value.
    struct QueryPairs {
        var storage: [UInt8] = []
        var ranges: [(nameStart: Int, nameEnd: Int, valueEnd: Int)] = []

        init(capacity: Int) {
            storage.reserveCapacity(capacity)
            ranges.reserveCapacity(8)
        }

        /// Starts a pair: the name's bytes follow.
        mutating func beginName() -> Int { storage.count }

        /// Ends a pair whose name started at `start` and ended at `nameEnd`.
        mutating func end(nameStart: Int, nameEnd: Int) {
            ranges.append((nameStart, nameEnd, storage.count))
        }

        /// Appends an already-encoded name and a value to encode.
        mutating func append(encodedName: StaticString, value: some Sequence<UInt8>) {
            let start = storage.count
            encodedName.withUTF8Buffer { storage.append(contentsOf: $0) }
            let nameEnd = storage.count
            AWSURIEncoding.encodeBytes(value, keepSlash: false, into: &storage)
            ranges.append((start, nameEnd, storage.count))
        }

        /// Whether a pair before `index` has the same name as the bytes `start..<end`.
        func hasName(_ start: Int, _ end: Int, before index: Int) -> Bool {
            for pair in ranges[..<index]
            where storage[pair.nameStart..<pair.nameEnd].elementsEqual(storage[start..<end]) {
                return true
            }
            return false
        }

        /// Appends `name=value&…` in the given order.
        func writeInOrder(to output: inout [UInt8]) {
            for (index, pair) in ranges.enumerated() {
                if index > 0 { output.append(UInt8(ascii: "&")) }
                appendPair(pair, to: &output)
            }
        }

        /// Appends `name=value&…` sorted by name, then value (byte order): the canonical query.
        func writeSorted(to output: inout [UInt8]) {
            let sorted = storage.withUnsafeBufferPointer { bytes in
                ranges.sorted { left, right in
                    let leftName = bytes[left.nameStart..<left.nameEnd]
                    let rightName = bytes[right.nameStart..<right.nameEnd]
                    if !leftName.elementsEqual(rightName) { return leftName.lexicographicallyPrecedes(rightName) }
                    return bytes[left.nameEnd..<left.valueEnd].lexicographicallyPrecedes(
                        bytes[right.nameEnd..<right.valueEnd]
                    )
                }
            }
            for (index, pair) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: "&")) }
                appendPair(pair, to: &output)
            }
        }

        private func appendPair(_ pair: (nameStart: Int, nameEnd: Int, valueEnd: Int), to output: inout [UInt8]) {
            output.append(contentsOf: storage[pair.nameStart..<pair.nameEnd])
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: storage[pair.nameEnd..<pair.valueEnd])
        }
    }

    /// Presigns a URL and returns it, with every stage's output when `recordStages`.
    ///
    /// S3 URLs take the fast path (``fastPresign(method:urlString:headers:expires:date:)``); the
    /// general path below handles everything else and records the stages.
    ///
    /// The URL's existing query is decoded as a form (`+` is a space, the first value of a
    /// repeated name wins) and re-encoded in its original order, followed by the `X-Amz-*`
    /// parameters and finally `X-Amz-Signature`.
    func querySigning(
        method: String,
        urlString: String,
        headers: [Header],
        expires: Int,
        date: Date,
        payloadHash fixedPayloadHash: String? = nil,
        recordStages: Bool = true
    ) throws(SigningError) -> (url: String, stages: Stages) {
        guard expires >= SigningError.minimumExpiry, expires <= SigningError.maximumExpiry else {
            throw SigningError.expiryOutOfRange(expires)
        }
        try validate()
        let fast =
            fixedPayloadHash == nil
            ? fastPresign(method: method, urlString: urlString, headers: headers, expires: expires, date: date) : nil
        if let fast, !recordStages {
            return (fast, Stages(canonicalRequest: "", stringToSign: "", signature: "", signedHeaders: ""))
        }
        // The general path; when the fast path applies, its URL is the one returned (so the
        // stage-recording callers, the tests, check the URL the gateway hands out).
        let url = try RawURL(urlString)
        let amzDate = AMZDate(date)

        var payloadHash = fixedPayloadHash ?? (isS3 ? SigV4Payload.unsignedPayload : SigV4Payload.emptyHash)
        for header in headers where lowercasedASCII(header.name) == "x-amz-content-sha256" {
            payloadHash = header.value
        }
        var canonicalHeaders: [UInt8] = []
        var signedHeaders: [UInt8] = []
        Self.writeCanonicalHeaders(headers, host: url.hostHeader, canonical: &canonicalHeaders, signed: &signedHeaders)

        var pairs = QueryPairs(capacity: 256 + (url.query?.count ?? 0) * 3)
        Self.appendOperationParameters(url.query, to: &pairs)
        pairs.append(encodedName: "X-Amz-Algorithm", value: Self.algorithm.utf8)
        let credentialStart = pairs.beginName()
        pairs.storage.append(contentsOf: "X-Amz-Credential".utf8)
        let credentialNameEnd = pairs.storage.count
        AWSURIEncoding.encodeBytes(credentials.accessKeyID.utf8, keepSlash: false, into: &pairs.storage)
        pairs.storage.append(contentsOf: "%2F".utf8)
        let scope = credentialScope(dateStamp: amzDate.dateStamp)
        AWSURIEncoding.encodeBytes(scope.utf8, keepSlash: false, into: &pairs.storage)
        pairs.end(nameStart: credentialStart, nameEnd: credentialNameEnd)
        pairs.append(encodedName: "X-Amz-Date", value: amzDate.timestamp.utf8)
        pairs.append(encodedName: "X-Amz-Expires", value: String(expires).utf8)
        pairs.append(encodedName: "X-Amz-SignedHeaders", value: signedHeaders)
        if let token = credentials.sessionToken {
            pairs.append(encodedName: "X-Amz-Security-Token", value: token.utf8)
        }

        var canonicalRequest: [UInt8] = []
        canonicalRequest.reserveCapacity(pairs.storage.count + canonicalHeaders.count + url.path.count * 3 + 160)
        Self.appendUppercasedASCII(method, to: &canonicalRequest)
        canonicalRequest.append(0x0A)
        writeCanonicalURI(path: url.path, into: &canonicalRequest)
        canonicalRequest.append(0x0A)
        pairs.writeSorted(to: &canonicalRequest)
        canonicalRequest.append(0x0A)
        canonicalRequest.append(contentsOf: canonicalHeaders)
        canonicalRequest.append(0x0A)
        canonicalRequest.append(contentsOf: signedHeaders)
        canonicalRequest.append(0x0A)
        canonicalRequest.append(contentsOf: payloadHash.utf8)

        let (stringToSign, signature) = signBytes(canonicalRequest, amzDate: amzDate)

        var output: [UInt8] = []
        output.reserveCapacity(url.bytes.count + pairs.storage.count + 96)
        output.append(contentsOf: url.scheme)
        output.append(contentsOf: "://".utf8)
        output.append(contentsOf: url.authority)
        output.append(contentsOf: url.path)
        output.append(UInt8(ascii: "?"))
        pairs.writeInOrder(to: &output)
        output.append(contentsOf: "&X-Amz-Signature=".utf8)
        output.append(contentsOf: signature)
        let signedURL = fast ?? String(decoding: output, as: UTF8.self)
        guard recordStages else {
            return (signedURL, Stages(canonicalRequest: "", stringToSign: "", signature: "", signedHeaders: ""))
        }
        let stages = Stages(
            canonicalRequest: String(decoding: canonicalRequest, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self),
            signature: String(decoding: signature, as: UTF8.self),
            signedHeaders: String(decoding: signedHeaders, as: UTF8.self)
        )
        return (signedURL, stages)
    }

    /// Stages 2–4 on bytes: the string to sign for a canonical request, and its hex signature.
    func signBytes(_ canonicalRequest: [UInt8], amzDate: AMZDate) -> (stringToSign: [UInt8], signature: [UInt8]) {
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(160)
        stringToSign.append(contentsOf: Self.algorithm.utf8)
        stringToSign.append(0x0A)
        stringToSign.append(contentsOf: amzDate.timestamp.utf8)
        stringToSign.append(0x0A)
        stringToSign.append(contentsOf: amzDate.dateStamp.utf8)
        stringToSign.append(UInt8(ascii: "/"))
        stringToSign.append(contentsOf: region.utf8)
        stringToSign.append(UInt8(ascii: "/"))
        stringToSign.append(contentsOf: service.utf8)
        stringToSign.append(contentsOf: "/aws4_request\n".utf8)
        var hasher = SHA256()
        canonicalRequest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.finalize().withUnsafeBytes { Hex.append($0, to: &stringToSign) }
        var signature: [UInt8] = []
        signature.reserveCapacity(64)
        let key = signingKey(dateStamp: amzDate.dateStamp)
        stringToSign.withUnsafeBytes { key.appendHexMAC(of: $0, to: &signature) }
        return (stringToSign, signature)
    }

    /// The URL's own query parameters, form-decoded, de-duplicated (first value wins, in
    /// first-seen order) and re-encoded, as botocore's `parse_qs` + `percent_encode_sequence`.
    static func appendOperationParameters(_ query: ArraySlice<UInt8>?, to pairs: inout QueryPairs) {
        guard let query, !query.isEmpty else { return }
        for piece in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let rawName = piece[..<(equals ?? piece.endIndex)]
            let rawValue = equals.map { piece[piece.index(after: $0)...] } ?? piece[piece.endIndex...]
            let start = pairs.beginName()
            reencode(rawName, into: &pairs.storage)
            let nameEnd = pairs.storage.count
            if pairs.hasName(start, nameEnd, before: pairs.ranges.count) {
                pairs.storage.removeSubrange(start...)
                continue
            }
            reencode(rawValue, into: &pairs.storage)
            pairs.end(nameStart: start, nameEnd: nameEnd)
        }
    }

    /// Form-decodes bytes, repairs invalid UTF-8 as Python does, and encodes them again.
    private static func reencode(_ raw: ArraySlice<UInt8>, into output: inout [UInt8]) {
        let decoded = AWSURIEncoding.formDecode(raw)
        if decoded.allSatisfy({ $0 < 0x80 }) {
            AWSURIEncoding.encodeBytes(decoded, keepSlash: false, into: &output)
        } else {
            AWSURIEncoding.encodeBytes(String(decoding: decoded, as: UTF8.self).utf8, keepSlash: false, into: &output)
        }
    }

    /// Appends ASCII-uppercased text.
    static func appendUppercasedASCII(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            output.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
        }
    }
}
