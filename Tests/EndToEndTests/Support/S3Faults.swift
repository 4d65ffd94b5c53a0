import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A failure the ``CountingS3Proxy`` produces instead of (or after) forwarding a request, as S3
/// produces them.
enum S3Fault: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `500 InternalError`; nothing forwarded.
    case internalError
    /// `503 SlowDown` (S3's throttling answer); nothing forwarded.
    case slowDown
    /// `503 ServiceUnavailable`; nothing forwarded.
    case serviceUnavailable
    /// The connection is closed before anything is forwarded.
    case drop
    /// The request is forwarded and the store acts on it, then the connection is closed before
    /// the answer: the client cannot tell that it succeeded.
    case dropAfterForwarding
    /// The store's answer is forwarded with its status, headers and `Content-Length`, but the
    /// connection closes after half the body: a read that breaks off mid-object.
    case truncateBody
    /// `403 AccessDenied, Request has expired`: a presigned URL used after its `X-Amz-Expires`
    /// (moto does not check expiry; the proxy does, when ``CountingS3Proxy/enforcePresignedExpiry()``
    /// is on). Nothing forwarded.
    case expired
    /// `404 NoSuchUpload`: what S3 answers a multipart call whose upload was completed or
    /// aborted meanwhile (the retry of a CompleteMultipartUpload whose answer was lost, once
    /// S3 has cleaned up). Nothing forwarded.
    case noSuchUpload

    var description: String { rawValue }

    /// The status of the error answer (`nil` for the dropped connections).
    var status: Int? {
        switch self {
        case .internalError: 500
        case .slowDown, .serviceUnavailable: 503
        case .expired: 403
        case .noSuchUpload: 404
        case .drop, .dropAfterForwarding, .truncateBody: nil
        }
    }

    /// S3's error code and message.
    var code: (code: String, message: String) {
        switch self {
        case .internalError: ("InternalError", "We encountered an internal error. Please try again.")
        case .slowDown: ("SlowDown", "Please reduce your request rate.")
        case .serviceUnavailable: ("ServiceUnavailable", "Service is unable to handle request.")
        case .expired: ("AccessDenied", "Request has expired")
        case .noSuchUpload: ("NoSuchUpload", "The specified multipart upload does not exist.")
        case .drop, .dropAfterForwarding, .truncateBody: ("", "")
        }
    }

    /// The error answer S3 sends: an XML `Error` document (no body for `HEAD`).
    func response(method: String, resource: String, requestId: Int) -> Response {
        let status = status ?? 500
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        if let name = HTTPField.Name("x-amz-request-id") { headers[name] = String(format: "FAULT%010d", requestId) }
        guard method != "HEAD" else { return Response(status: .init(code: status), headers: headers) }
        let body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code.code)</Code>"
            + "<Message>\(code.message)</Message><Resource>\(resource)</Resource>"
            + "<RequestId>\(String(format: "FAULT%010d", requestId))</RequestId></Error>"
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Which requests a fault applies to and when: a deterministic schedule over the matching
/// requests, counted in arrival order.
struct S3FaultRule: Sendable {
    /// When, among the matching requests, the fault is injected.
    enum Schedule: Sendable, Equatable {
        /// The first `k` matching requests.
        case first(Int)
        /// The first `k` matching requests of each key (S3 clients retry a request a few times:
        /// `k` above their attempts makes the failure reach the caller).
        case firstPerKey(Int)
        /// Every `n`th matching request (the `n`th, `2n`th, …), at most `limit` times.
        case everyNth(Int, limit: Int)
    }

    /// S3 operations (``S3ProxyRequest/operation``) it applies to; empty: all.
    var operations: Set<String>
    /// Only keys containing this (`bucket/key`); empty: all.
    var keyContaining: String
    /// When.
    var schedule: Schedule
    /// What.
    var fault: S3Fault

    init(_ fault: S3Fault, on operations: Set<String> = [], keyContaining: String = "", schedule: Schedule) {
        self.fault = fault
        self.operations = operations
        self.keyContaining = keyContaining
        self.schedule = schedule
    }

    func matches(_ request: S3ProxyRequest) -> Bool {
        (operations.isEmpty || operations.contains(request.operation))
            && (keyContaining.isEmpty || request.key.contains(keyContaining))
    }
}

/// A rule with its counts (kept by the proxy).
struct S3FaultRuleState: Sendable {
    var rule: S3FaultRule
    var seen = 0
    var seenPerKey: [String: Int] = [:]
    var injected = 0

    /// Counts a matching request; returns the fault when the schedule picks it.
    mutating func consider(_ request: S3ProxyRequest) -> S3Fault? {
        guard rule.matches(request) else { return nil }
        seen += 1
        seenPerKey[request.key, default: 0] += 1
        let pick: Bool
        switch rule.schedule {
        case .first(let k): pick = seen <= k
        case .firstPerKey(let k): pick = (seenPerKey[request.key] ?? 0) <= k
        case .everyNth(let n, let limit): pick = n > 0 && seen % n == 0 && injected < limit
        }
        if pick { injected += 1 }
        return pick ? rule.fault : nil
    }
}

extension S3ProxyRequest {
    /// The S3 operation a request is, from its method, query and headers (path-style
    /// addressing): `GetObject`, `UploadPart`, `CompleteMultipartUpload`, `CopyObject`, …
    static func operation(method: String, key: String, query: Set<String>, copySource: Bool) -> String {
        let hasKey = key.contains("/")
        switch method {
        case "GET" where query.contains("uploads"): return "ListMultipartUploads"
        case "GET" where query.contains("uploadId"): return "ListParts"
        case "GET" where query.contains("tagging"): return "GetObjectTagging"
        case "GET": return hasKey ? "GetObject" : "ListObjects"
        case "HEAD": return hasKey ? "HeadObject" : "HeadBucket"
        case "PUT" where query.contains("partNumber"): return copySource ? "UploadPartCopy" : "UploadPart"
        case "PUT" where query.contains("tagging"): return "PutObjectTagging"
        case "PUT": return copySource ? "CopyObject" : (hasKey ? "PutObject" : "CreateBucket")
        case "POST" where query.contains("uploads"): return "CreateMultipartUpload"
        case "POST" where query.contains("uploadId"): return "CompleteMultipartUpload"
        case "POST" where query.contains("delete"): return "DeleteObjects"
        case "DELETE" where query.contains("uploadId"): return "AbortMultipartUpload"
        case "DELETE": return hasKey ? "DeleteObject" : "DeleteBucket"
        default: return method
        }
    }

    /// Whether a presigned request's `X-Amz-Date` + `X-Amz-Expires` lies before `now`.
    static func presignedExpired(date: String?, expires: String?, now: Date) -> Bool {
        guard let date, let seconds = expires.flatMap({ Double($0) }) else { return false }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        guard let signed = formatter.date(from: date) else { return false }
        return signed.addingTimeInterval(seconds) < now
    }
}

/// A response body that forwards `limit` bytes of `base`, then fails (the connection closes
/// before the declared length: the client sees a body cut short).
struct TruncatedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable
where Base.Element == ByteBuffer {
    let base: Base
    let limit: Int

    struct Cut: Error {}

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var remaining: Int

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { throw Cut() }
            guard var chunk = try await base.next() else { return nil }
            if chunk.readableBytes > remaining {
                chunk = chunk.getSlice(at: chunk.readerIndex, length: remaining) ?? chunk
            }
            remaining -= chunk.readableBytes
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), remaining: limit)
    }
}
