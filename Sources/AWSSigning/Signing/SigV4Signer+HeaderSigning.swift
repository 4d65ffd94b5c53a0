import Foundation

/// Signing with an `Authorization` header (botocore's `SigV4Auth` / `S3SigV4Auth`).
extension SigV4Signer {
    /// Signs a request's headers and returns the headers to send with every stage's output.
    func headerSigning(
        method: String,
        urlString: String,
        headers: [Header],
        payload: SigV4Payload,
        date: Date
    ) throws(SigningError) -> (headers: [Header], stages: Stages) {
        try validate()
        let url = try RawURL(urlString)
        let amzDate = AMZDate(date)
        let token = credentials.sessionToken
        let sendsContentHash = self.sendsContentHash || payload == .unsigned

        var payloadHash = try payload.canonicalHash()
        var output: [Header] = []
        output.reserveCapacity(headers.count + 5)
        var hasHost = false
        for header in headers {
            let name = lowercasedASCII(header.name)
            switch name {
            case "authorization", "x-amz-date":
                continue
            case "x-amz-security-token" where token != nil:
                continue
            case "x-amz-content-sha256":
                if sendsContentHash { continue }
                payloadHash = header.value
            case "host":
                hasHost = true
            default:
                break
            }
            output.append(header)
        }
        if !hasHost { output.insert((name: "host", value: url.hostHeader), at: 0) }
        output.append((name: "x-amz-date", value: amzDate.timestamp))
        if let token { output.append((name: "x-amz-security-token", value: token)) }
        if sendsContentHash { output.append((name: "x-amz-content-sha256", value: payloadHash)) }

        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(output, host: url.hostHeader)
        let canonicalRequest = Self.canonicalRequest(
            method: method,
            canonicalURI: canonicalURI(path: url.path),
            canonicalQuery: Self.canonicalQuery(encoded: url.query),
            canonicalHeaders: canonicalHeaders,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash
        )
        let scope = credentialScope(dateStamp: amzDate.dateStamp)
        let stringToSign = Self.stringToSign(
            timestamp: amzDate.timestamp,
            scope: scope,
            canonicalRequest: canonicalRequest
        )
        let signature = Self.signature(stringToSign: stringToSign, signingKey: signingKey(dateStamp: amzDate.dateStamp))
        var authorization = Self.algorithm + " Credential=" + credentials.accessKeyID + "/" + scope
        authorization += ", SignedHeaders=" + signedHeaders + ", Signature=" + signature
        output.append((name: "authorization", value: authorization))
        let stages = Stages(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: signedHeaders
        )
        return (output, stages)
    }
}
