import AWSSigning
import Crypto
import Foundation

/// Signs and verifies the embedded store's URLs with HMAC-SHA256, the way S3 presigns: the
/// method, path, every query parameter (expiry included) and the bound headers are covered, so
/// changing any of them invalidates the URL.
///
/// The string to sign is
/// `ATTACHE-HMAC-SHA256\n<METHOD>\n<path>\n<canonical query>\n<name:value\n per bound header>`,
/// where the canonical query is every parameter except the signature, RFC 3986-encoded and
/// sorted by name. Verification compares in constant time and checks the signature before the
/// expiry.
public struct LocalURLSigner: Sendable {
    /// The query parameter carrying the expiry, in seconds since 1970.
    public static let expiresParameter = "X-Attache-Expires"
    /// The query parameter listing the bound headers, lower-cased, `;`-separated.
    public static let signedHeadersParameter = "X-Attache-SignedHeaders"
    /// The query parameter carrying the hex signature.
    public static let signatureParameter = "X-Attache-Signature"

    private let macKey: HMACSHA256Key

    /// Creates a signer.
    /// - Parameter secret: The signing secret, at least 32 bytes of randomness. Never log it.
    public init(secret: some Sequence<UInt8>) {
        macKey = HMACSHA256Key(Array(secret))
    }

    /// The signed query string (already encoded, without the leading `?`).
    /// - Parameters:
    ///   - method: `PUT` or `GET`.
    ///   - path: The URL path, e.g. `/v1/objects/quarantine/uploads/abc`.
    ///   - query: Extra parameters to bind (`partNumber`, `response-content-type`, …).
    ///   - headers: Headers the client must send with exactly these values.
    ///   - expiresAt: When the URL stops working.
    public func signedQuery(
        method: String,
        path: String,
        query: [String: String],
        headers: [String: String],
        expiresAt: Date
    ) -> String {
        var parameters = query
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        parameters[Self.expiresParameter] = String(Int64(expiresAt.timeIntervalSince1970.rounded(.down)))
        parameters[Self.signedHeadersParameter] = lowered.keys.sorted().joined(separator: ";")
        let canonical = Self.canonicalQuery(parameters)
        let signature = sign(method: method, path: path, canonicalQuery: canonical, headers: lowered)
        return canonical + "&" + Self.signatureParameter + "=" + signature
    }

    /// Checks a request against its signature and expiry.
    /// - Parameters:
    ///   - method: The request's method.
    ///   - path: The request's path.
    ///   - rawQuery: The request's query string, as received (encoded).
    ///   - header: Looks up a request header by lower-cased name.
    ///   - now: The current time.
    /// - Returns: The decoded query parameters, signature included.
    /// - Throws: ``LocalSignatureError`` when the signature is missing, wrong, or expired.
    public func verify(
        method: String,
        path: String,
        rawQuery: String?,
        header: (String) -> String?,
        now: Date = Date()
    ) throws(LocalSignatureError) -> [String: String] {
        guard let parameters = Self.parseQuery(rawQuery ?? "") else {
            throw LocalSignatureError(.signatureDoesNotMatch, "the query string is malformed or repeats a parameter")
        }
        guard let signature = parameters[Self.signatureParameter],
            let expires = parameters[Self.expiresParameter].flatMap({ Int64($0) }),
            let signedHeaders = parameters[Self.signedHeadersParameter]
        else {
            throw LocalSignatureError(.accessDenied, "the URL is not signed")
        }
        let names = signedHeaders.split(separator: ";").map { String($0) }
        var headers: [String: String] = [:]
        for name in names { headers[name] = header(name) ?? "" }
        var unsigned = parameters
        unsigned[Self.signatureParameter] = nil
        let canonical = Self.canonicalQuery(unsigned)
        guard let provided = Self.bytes(fromHex: signature),
            macKey.isValidAuthenticationCode(provided, for: Self.stringToSign(method, path, canonical, headers).utf8)
        else {
            throw LocalSignatureError(
                .signatureDoesNotMatch, "the signature does not match the request (URL or bound headers changed)")
        }
        guard Double(expires) >= now.timeIntervalSince1970 else {
            throw LocalSignatureError(.accessDenied, "Request has expired")
        }
        return parameters
    }

    private func sign(method: String, path: String, canonicalQuery: String, headers: [String: String]) -> String {
        let text = Self.stringToSign(method, path, canonicalQuery, headers)
        let code = macKey.authenticationCode(for: text.utf8)
        return Hex.encode(code)
    }

    static func stringToSign(_ method: String, _ path: String, _ query: String, _ headers: [String: String]) -> String {
        var text = "ATTACHE-HMAC-SHA256\n\(method.uppercased())\n\(path)\n\(query)\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            text += "\(name):\(TextTrimming.trimmingHorizontalSpace(value))\n"
        }
        return text
    }

    /// Every parameter, RFC 3986-encoded, sorted by name, joined with `&`.
    static func canonicalQuery(_ parameters: [String: String]) -> String {
        parameters.map { (encode($0.key), encode($0.value)) }
            .sorted { $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (AWS's `UriEncode`, `%XX`
    /// in uppercase hex, `/` encoded).
    static func encode(_ text: String) -> String {
        AWSURIEncoding.encode(text, encodeSlash: true)
    }

    /// Decodes `a=b&c=d`; `nil` when a parameter repeats or is not valid percent-encoding.
    static func parseQuery(_ raw: String) -> [String: String]? {
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).removingPercentEncoding,
                let value = (parts.count > 1 ? String(parts[1]) : "").removingPercentEncoding,
                result[name] == nil
            else { return nil }
            result[name] = value
        }
        return result
    }

    static func bytes(fromHex hex: String) -> [UInt8]? {
        guard hex.utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Why a request to a signed embedded-store URL was refused (always HTTP 403).
public struct LocalSignatureError: Error, CustomStringConvertible, Sendable, Equatable {
    /// S3's error codes, so clients handle both stores alike.
    public enum Code: String, Sendable {
        /// Unsigned or expired.
        case accessDenied = "AccessDenied"
        /// The signature does not cover this request.
        case signatureDoesNotMatch = "SignatureDoesNotMatch"
    }

    /// The code.
    public let code: Code
    /// What happened (never the signature itself).
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `[Code] message`.
    public var description: String { "[\(code.rawValue)] \(message)" }
}
