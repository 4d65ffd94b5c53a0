import Crypto
import Foundation

/// The presign fast path: S3 URLs signed in one stack buffer, with the signing key's HMAC states,
/// the credential scope and the encoded `X-Amz-Credential` cached per day (``PresignScopeCache``).
///
/// No Foundation URL, no intermediate strings, no dictionaries: the only heap allocations are the
/// returned string and swift-crypto's hash contexts. Inputs it does not handle (non-S3 rules,
/// non-ASCII query text or header names, errors) return `nil` and take the general path, which
/// produces the same bytes.
extension SigV4Signer {
    /// Three offsets: a header's lowercased name (`start..<middle`) and its index in the caller's
    /// headers (`end`, -1 for `host` taken from the URL), or a query parameter's encoded name
    /// (`start..<middle`) and value (`middle..<end`).
    private struct Span {
        var start: Int
        var middle: Int
        var end: Int
    }

    /// Presigns on the fast path, or returns `nil` when the input needs the general path.
    ///
    /// Call after checking the expiry and the credentials.
    func fastPresign(method: String, urlString: String, headers: [Header], expires: Int, date: Date) -> String? {
        guard isS3, !normalizesPath else { return nil }
        let time = date.timeIntervalSince1970
        guard time >= 0, time < 253_402_300_800 else { return nil }
        let seconds = Int(time)
        let scope = PresignScopeCache.shared.scope(for: self, day: seconds / 86_400)
        var text = urlString
        return text.withUTF8 { url in
            fastPresign(
                url: url, method: method, headers: headers, expires: expires, secondOfDay: seconds % 86_400,
                scope: scope)
        }
    }

    private func fastPresign(
        url: UnsafeBufferPointer<UInt8>,
        method: String,
        headers: [Header],
        expires: Int,
        secondOfDay: Int,
        scope: PresignScope
    ) -> String? {
        guard let layout = PresignURLLayout(url) else { return nil }
        var nameBytes = 0
        var valueBytes = 0
        for header in headers {
            nameBytes += header.name.utf8.count
            valueBytes += header.value.utf8.count
        }
        var ampersands = 0
        for index in layout.queryStart..<layout.queryEnd where url[index] == UInt8(ascii: "&") { ampersands += 1 }
        // At most one pair per `&`-separated piece, plus the six X-Amz-* parameters.
        let pairCapacity = ampersands + 7
        let hostCapacity = url.count + 8
        let namesCapacity = nameBytes + 8
        let signedCapacity = nameBytes + headers.count + 8
        let headerCapacity = hostCapacity + namesCapacity + signedCapacity

        // Small stack buffers (each under 1 KiB for typical URLs, so really on the stack): offsets;
        // host, names and signed headers; then the parameters and the canonical request, whose
        // space the string to sign and the signature reuse once it is hashed.
        return withUnsafeTemporaryAllocation(of: Span.self, capacity: headers.count + 1 + 2 * pairCapacity) {
            spans -> String? in
            guard let entries = spans.baseAddress else { return nil }
            let pairList = entries + headers.count + 1
            let sorted = pairList + pairCapacity
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: headerCapacity) {
                headerBuffer -> String? in
                guard let headerBase = headerBuffer.baseAddress else { return nil }
                var host = ByteWriter(base: headerBase, capacity: hostCapacity)
                var names = ByteWriter(base: headerBase + hostCapacity, capacity: namesCapacity)
                var signed = ByteWriter(base: headerBase + hostCapacity + namesCapacity, capacity: signedCapacity)
                guard layout.writeHostHeader(of: url, into: &host) else { return nil }
                guard
                    let (entryCount, payloadIndex) = Self.writeSignedHeaders(
                        headers, entries: entries, names: &names, signed: &signed)
                else { return nil }

                var encodedSigned = signed.count
                for byte in signed.written where !AWSURIEncoding.isUnreserved(byte) { encodedSigned += 2 }
                let queryLength = layout.queryEnd - layout.queryStart
                let pairsCapacity =
                    3 * queryLength + encodedSigned + scope.encodedCredential.count
                    + 3 * (credentials.sessionToken?.utf8.count ?? 0) + 140
                let requestCapacity = max(
                    method.utf8.count + 3 * (layout.pathEnd - layout.authorityEnd) + pairsCapacity + 2 * pairCapacity
                        + names.count + 2 * valueBytes + host.count + 2 * entryCount + signed.count + 40,
                    scope.scope.count + 200
                )
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pairsCapacity + requestCapacity) {
                    signingBuffer -> String? in
                    guard let signingBase = signingBuffer.baseAddress else { return nil }
                    var pairs = ByteWriter(base: signingBase, capacity: pairsCapacity)
                    var request = ByteWriter(base: signingBase + pairsCapacity, capacity: requestCapacity)

                    // Stage 1b: the URL's own parameters (first value of a name wins), then X-Amz-*.
                    var pairCount = 0
                    guard Self.writeOperationParameters(url, layout, pairs: &pairs, list: pairList, count: &pairCount)
                    else { return nil }
                    func add(_ nameStart: Int, _ nameEnd: Int) {
                        precondition(pairCount < pairCapacity, "presign pair overflow")
                        pairList[pairCount] = Span(start: nameStart, middle: nameEnd, end: pairs.count)
                        pairCount += 1
                    }
                    var start = pairs.count
                    pairs.append("X-Amz-AlgorithmAWS4-HMAC-SHA256")
                    add(start, start + 15)
                    start = pairs.count
                    pairs.append("X-Amz-Credential")
                    var nameEnd = pairs.count
                    scope.encodedCredential.withUnsafeBufferPointer { pairs.append($0) }
                    add(start, nameEnd)
                    start = pairs.count
                    pairs.append("X-Amz-Date")
                    let timestampStart = pairs.count
                    scope.scope.withUnsafeBufferPointer { pairs.append(UnsafeBufferPointer(rebasing: $0[0..<8])) }
                    pairs.append(UInt8(ascii: "T"))
                    pairs.appendDecimal(secondOfDay / 3600, width: 2)
                    pairs.appendDecimal(secondOfDay / 60 % 60, width: 2)
                    pairs.appendDecimal(secondOfDay % 60, width: 2)
                    pairs.append(UInt8(ascii: "Z"))
                    let timestampEnd = pairs.count
                    add(start, timestampStart)
                    start = pairs.count
                    pairs.append("X-Amz-Expires")
                    nameEnd = pairs.count
                    pairs.appendDecimal(expires)
                    add(start, nameEnd)
                    start = pairs.count
                    pairs.append("X-Amz-SignedHeaders")
                    nameEnd = pairs.count
                    pairs.appendEncoded(signed.written)
                    add(start, nameEnd)
                    if let token = credentials.sessionToken {
                        start = pairs.count
                        pairs.append("X-Amz-Security-Token")
                        nameEnd = pairs.count
                        withUTF8Bytes(token) { pairs.appendEncoded($0) }
                        add(start, nameEnd)
                    }
                    Self.sortPairs(pairList, count: pairCount, into: sorted, bytes: pairs)

                    // Stage 1: the canonical request.
                    withUTF8Bytes(method) { bytes in
                        for byte in bytes { request.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
                    }
                    request.append(0x0A)
                    layout.writeS3CanonicalURI(of: url, into: &request)
                    request.append(0x0A)
                    for position in 0..<pairCount {
                        if position > 0 { request.append(UInt8(ascii: "&")) }
                        let pair = sorted[position]
                        request.append(pairs.slice(pair.start, pair.middle))
                        request.append(UInt8(ascii: "="))
                        request.append(pairs.slice(pair.middle, pair.end))
                    }
                    request.append(0x0A)
                    var previousName: UnsafeBufferPointer<UInt8>?
                    for position in 0..<entryCount {
                        let entry = entries[position]
                        let name = names.slice(entry.start, entry.middle)
                        if let previousName, bytesEqual(previousName, name) {
                            request.append(UInt8(ascii: ","))
                        } else {
                            if previousName != nil { request.append(0x0A) }
                            request.append(name)
                            request.append(UInt8(ascii: ":"))
                            previousName = name
                        }
                        if entry.end < 0 {
                            request.append(host.written)
                        } else {
                            Self.writeTrimmed(headers[entry.end].value, into: &request)
                        }
                    }
                    request.append(0x0A)
                    request.append(0x0A)
                    request.append(signed.written)
                    request.append(0x0A)
                    if payloadIndex >= 0 {
                        request.append(string: headers[payloadIndex].value)
                    } else {
                        request.append("UNSIGNED-PAYLOAD")
                    }

                    // Stages 2–4: hash the canonical request, then reuse its space for the string
                    // to sign and the signature.
                    var hasher = SHA256()
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(request.written))
                    let requestHash = hasher.finalize()
                    var stringToSign = ByteWriter(base: request.base, capacity: requestCapacity - 64)
                    stringToSign.append("AWS4-HMAC-SHA256\n")
                    stringToSign.append(pairs.slice(timestampStart, timestampEnd))
                    stringToSign.append(0x0A)
                    scope.scope.withUnsafeBufferPointer { stringToSign.append($0) }
                    stringToSign.append(0x0A)
                    requestHash.withUnsafeBytes { stringToSign.appendLowerHex($0) }
                    var signature = ByteWriter(base: request.base + requestCapacity - 64, capacity: 64)
                    scope.key.appendHexMAC(of: UnsafeRawBufferPointer(stringToSign.written), to: &signature)

                    // The URL: as given up to the path, the parameters in order, then the signature:
                    // `?`, each `name=value` with its separator, `&X-Amz-Signature=` and 64 digits.
                    var length = layout.pathEnd + 1 + 17 + signature.count - 1
                    for position in 0..<pairCount {
                        length += pairList[position].end - pairList[position].start + 2
                    }
                    return String(unsafeUninitializedCapacity: length) { output in
                        guard let outputBase = output.baseAddress else { return 0 }
                        var writer = ByteWriter(base: outputBase, capacity: length)
                        writer.append(UnsafeBufferPointer(rebasing: url[0..<layout.pathEnd]))
                        writer.append(UInt8(ascii: "?"))
                        for position in 0..<pairCount {
                            if position > 0 { writer.append(UInt8(ascii: "&")) }
                            let pair = pairList[position]
                            writer.append(pairs.slice(pair.start, pair.middle))
                            writer.append(UInt8(ascii: "="))
                            writer.append(pairs.slice(pair.middle, pair.end))
                        }
                        writer.append("&X-Amz-Signature=")
                        writer.append(signature.written)
                        return writer.count
                    }
                }
            }
        }
    }

    /// Stage 1c: lowercases the names of the signed headers (hop-by-hop ones left out, `host`
    /// from the URL when absent), sorts them by name (stable) and writes the signed-headers list.
    /// - Returns: the number of entries and the index of the last `x-amz-content-sha256` header
    ///   (-1 if none), or `nil` for a non-ASCII name (the general path compares names as text).
    private static func writeSignedHeaders(
        _ headers: [Header],
        entries: UnsafeMutablePointer<Span>,
        names: inout ByteWriter,
        signed: inout ByteWriter
    ) -> (entryCount: Int, payloadIndex: Int)? {
        var entryCount = 0
        var hasHost = false
        var payloadIndex = -1
        for (index, header) in headers.enumerated() {
            let start = names.count
            let allBits = withUTF8Bytes(header.name) { names.appendLowercased($0) }
            guard allBits < 0x80 else { return nil }
            let name = names.written(from: start)
            if bytesEqual(name, bytes("x-amz-content-sha256")) { payloadIndex = index }
            if isUnsignedHeader(name) {
                names.rewind(to: start)
                continue
            }
            if bytesEqual(name, bytes("host")) { hasHost = true }
            entries[entryCount] = Span(start: start, middle: names.count, end: index)
            entryCount += 1
        }
        if !hasHost {
            let start = names.count
            names.append("host")
            entries[entryCount] = Span(start: start, middle: names.count, end: -1)
            entryCount += 1
        }
        if entryCount > 1 {
            for position in 1..<entryCount {
                let entry = entries[position]
                let name = names.slice(entry.start, entry.middle)
                var slot = position
                while slot > 0, bytesPrecede(name, names.slice(entries[slot - 1].start, entries[slot - 1].middle)) {
                    entries[slot] = entries[slot - 1]
                    slot -= 1
                }
                entries[slot] = entry
            }
        }
        var previous: UnsafeBufferPointer<UInt8>?
        for position in 0..<entryCount {
            let name = names.slice(entries[position].start, entries[position].middle)
            if let previous, bytesEqual(previous, name) { continue }
            if previous != nil { signed.append(UInt8(ascii: ";")) }
            signed.append(name)
            previous = name
        }
        return (entryCount, payloadIndex)
    }

    /// The URL's own query parameters, form-decoded, de-duplicated (first value wins, in
    /// first-seen order) and encoded again, as the general path's `appendOperationParameters`.
    /// - Returns: `false` when a decoded byte is not ASCII (the general path repairs UTF-8).
    private static func writeOperationParameters(
        _ url: UnsafeBufferPointer<UInt8>,
        _ layout: PresignURLLayout,
        pairs: inout ByteWriter,
        list: UnsafeMutablePointer<Span>,
        count: inout Int
    ) -> Bool {
        var pieceStart = layout.queryStart
        while pieceStart < layout.queryEnd {
            var pieceEnd = pieceStart
            var equals = -1
            while pieceEnd < layout.queryEnd, url[pieceEnd] != UInt8(ascii: "&") {
                if equals < 0, url[pieceEnd] == UInt8(ascii: "=") { equals = pieceEnd }
                pieceEnd += 1
            }
            defer { pieceStart = pieceEnd + 1 }
            guard pieceEnd > pieceStart else { continue }
            let nameStart = pairs.count
            let rawNameEnd = equals >= 0 ? equals : pieceEnd
            guard PresignURLLayout.writeFormReencoded(url, from: pieceStart, to: rawNameEnd, into: &pairs) else {
                return false
            }
            let nameEnd = pairs.count
            let name = pairs.slice(nameStart, nameEnd)
            var seen = false
            for earlier in 0..<count where bytesEqual(pairs.slice(list[earlier].start, list[earlier].middle), name) {
                seen = true
                break
            }
            if seen {
                pairs.rewind(to: nameStart)
                continue
            }
            if equals >= 0 {
                guard PresignURLLayout.writeFormReencoded(url, from: equals + 1, to: pieceEnd, into: &pairs) else {
                    return false
                }
            }
            list[count] = Span(start: nameStart, middle: nameEnd, end: pairs.count)
            count += 1
        }
        return true
    }

    /// Copies the pairs into `sorted`, sorted by name then value (byte order): the canonical query.
    private static func sortPairs(
        _ list: UnsafeMutablePointer<Span>,
        count: Int,
        into sorted: UnsafeMutablePointer<Span>,
        bytes pairs: ByteWriter
    ) {
        for position in 0..<count {
            let pair = list[position]
            let name = pairs.slice(pair.start, pair.middle)
            let value = pairs.slice(pair.middle, pair.end)
            var slot = position
            while slot > 0 {
                let other = sorted[slot - 1]
                let otherName = pairs.slice(other.start, other.middle)
                let before =
                    bytesEqual(name, otherName)
                    ? bytesPrecede(value, pairs.slice(other.middle, other.end))
                    : bytesPrecede(name, otherName)
                guard before else { break }
                sorted[slot] = other
                slot -= 1
            }
            sorted[slot] = pair
        }
    }

    /// Writes a header value trimmed, with inner whitespace runs made one space (as ``trimAll(_:)``).
    private static func writeTrimmed(_ value: String, into output: inout ByteWriter) {
        withUTF8Bytes(value) { bytes in
            if let first = bytes.first, let last = bytes.last, !isSpace(first), !isSpace(last) {
                // Usually nothing to trim: copy at once unless a space run or other whitespace is inside.
                var clean = true
                var previousSpace = false
                for byte in bytes {
                    let space = isSpace(byte)
                    if space && (previousSpace || byte != UInt8(ascii: " ")) {
                        clean = false
                        break
                    }
                    previousSpace = space
                }
                if clean {
                    output.append(bytes)
                    return
                }
            }
            var pendingSpace = false
            var wroteAny = false
            for byte in bytes {
                if isSpace(byte) {
                    pendingSpace = wroteAny
                } else {
                    if pendingSpace { output.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    output.append(byte)
                    wroteAny = true
                }
            }
        }
    }

    /// Whether a lowercased header name is one that is never signed (as ``isUnsignedHeader(_:)``).
    private static func isUnsignedHeader(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return bytesEqual(name, bytes("te"))
        case 6: return bytesEqual(name, bytes("expect"))
        case 7: return bytesEqual(name, bytes("trailer")) || bytesEqual(name, bytes("upgrade"))
        case 10:
            return bytesEqual(name, bytes("connection")) || bytesEqual(name, bytes("keep-alive"))
                || bytesEqual(name, bytes("user-agent"))
        case 15: return bytesEqual(name, bytes("x-amzn-trace-id"))
        case 17: return bytesEqual(name, bytes("transfer-encoding"))
        case 18: return bytesEqual(name, bytes("proxy-authenticate"))
        case 19: return bytesEqual(name, bytes("proxy-authorization"))
        default: return false
        }
    }

    /// A literal's bytes.
    @inline(__always)
    private static func bytes(_ text: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}
