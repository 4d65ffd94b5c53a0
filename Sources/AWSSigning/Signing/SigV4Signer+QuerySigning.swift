import Foundation

/// Presigning: the signature in the query string (botocore's `SigV4QueryAuth` / `S3SigV4QueryAuth`).
extension SigV4Signer {
    /// Presigns a URL and returns it with every stage's output.
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
        payloadHash fixedPayloadHash: String? = nil
    ) throws(SigningError) -> (url: String, stages: Stages) {
        guard expires >= SigningError.minimumExpiry, expires <= SigningError.maximumExpiry else {
            throw SigningError.expiryOutOfRange(expires)
        }
        try validate()
        let url = try RawURL(urlString)
        let amzDate = AMZDate(date)

        var payloadHash = fixedPayloadHash ?? (isS3 ? SigV4Payload.unsignedPayload : SigV4Payload.emptyHash)
        for header in headers {
            if lowercasedASCII(header.name) == "x-amz-content-sha256" { payloadHash = header.value }
        }
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers, host: url.hostHeader)
        let scope = credentialScope(dateStamp: amzDate.dateStamp)

        var pairs = Self.operationParameters(url.query)
        pairs.append(Self.encodedPair("X-Amz-Algorithm", Self.algorithm))
        pairs.append(Self.encodedPair("X-Amz-Credential", credentials.accessKeyID + "/" + scope))
        pairs.append(Self.encodedPair("X-Amz-Date", amzDate.timestamp))
        pairs.append(Self.encodedPair("X-Amz-Expires", String(expires)))
        pairs.append(Self.encodedPair("X-Amz-SignedHeaders", signedHeaders))
        if let token = credentials.sessionToken {
            pairs.append(Self.encodedPair("X-Amz-Security-Token", token))
        }

        let canonicalRequest = Self.canonicalRequest(
            method: method,
            canonicalURI: canonicalURI(path: url.path),
            canonicalQuery: Self.joinSorted(pairs),
            canonicalHeaders: canonicalHeaders,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash
        )
        let stringToSign = Self.stringToSign(
            timestamp: amzDate.timestamp,
            scope: scope,
            canonicalRequest: canonicalRequest
        )
        let signature = Self.signature(stringToSign: stringToSign, signingKey: signingKey(dateStamp: amzDate.dateStamp))

        var query: [UInt8] = []
        query.reserveCapacity(pairs.reduce(96) { $0 + $1.name.count + $1.value.count + 2 })
        for (index, pair) in pairs.enumerated() {
            if index > 0 { query.append(UInt8(ascii: "&")) }
            query.append(contentsOf: pair.name)
            query.append(UInt8(ascii: "="))
            query.append(contentsOf: pair.value)
        }
        query.append(contentsOf: "&X-Amz-Signature=".utf8)
        query.append(contentsOf: signature.utf8)
        let signedURL = url.string(query: String(decoding: query, as: UTF8.self))
        let stages = Stages(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: signedHeaders
        )
        return (signedURL, stages)
    }

    /// The URL's own query parameters, form-decoded, de-duplicated (first value wins, in
    /// first-seen order) and re-encoded, as botocore's `parse_qs` + `percent_encode_sequence`.
    static func operationParameters(_ query: Substring?) -> [(name: [UInt8], value: [UInt8])] {
        guard let query, !query.isEmpty else { return [] }
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        var seen: Set<[UInt8]> = []
        for piece in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let rawName: Substring.UTF8View.SubSequence
            let rawValue: Substring.UTF8View.SubSequence
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                rawName = piece[..<equals]
                rawValue = piece[piece.index(after: equals)...]
            } else {
                rawName = piece
                rawValue = piece[piece.endIndex...]
            }
            let name = reencode(rawName)
            guard seen.insert(name).inserted else { continue }
            pairs.append((name, reencode(rawValue)))
        }
        return pairs
    }

    /// Form-decodes bytes, repairs invalid UTF-8 as Python does, and encodes them again.
    private static func reencode(_ raw: Substring.UTF8View.SubSequence) -> [UInt8] {
        let decoded = AWSURIEncoding.formDecode(raw)
        var output: [UInt8] = []
        output.reserveCapacity(decoded.count + 8)
        let text = String(decoding: decoded, as: UTF8.self)
        AWSURIEncoding.encodeBytes(text.utf8, keepSlash: false, into: &output)
        return output
    }

    /// An encoded name/value pair.
    private static func encodedPair(_ name: String, _ value: String) -> (name: [UInt8], value: [UInt8]) {
        var encodedName: [UInt8] = []
        var encodedValue: [UInt8] = []
        AWSURIEncoding.encodeBytes(name.utf8, keepSlash: false, into: &encodedName)
        AWSURIEncoding.encodeBytes(value.utf8, keepSlash: false, into: &encodedValue)
        return (encodedName, encodedValue)
    }
}
