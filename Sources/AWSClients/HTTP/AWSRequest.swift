import AWSSigning
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One request to an AWS service before signing: method, encoded URL, headers and body.
struct AWSRequest: Sendable {
    /// The body of a request.
    enum Body: Sendable {
        /// No body.
        case none
        /// A small body in memory (XML or JSON), signed with its SHA-256.
        case bytes([UInt8])
        /// An object body (PutObject, UploadPart).
        case object(S3Body)
    }

    /// The HTTP method.
    var method: HTTPMethod
    /// The absolute URL with an encoded path and query.
    var url: String
    /// Headers to send and sign (not `host`, `content-length` or `authorization`).
    var headers: [(String, String)]
    /// The body.
    var body: Body
    /// A per-attempt timeout that replaces the client's (long polls wait longer).
    var timeout: Duration?

    /// Creates a request.
    init(
        method: HTTPMethod,
        url: String,
        headers: [(String, String)] = [],
        body: Body = .none,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// Whether the request can be sent more than once.
    var isReplayable: Bool {
        if case .object(let body) = body { return body.isReplayable }
        return true
    }

    /// The payload as SigV4 sees it.
    var payload: SigV4Payload {
        switch body {
        case .none: .empty
        case .bytes(let bytes): .bytes(bytes)
        case .object(let body): body.payload
        }
    }

    /// A fresh AsyncHTTPClient body for one attempt.
    func makeRequestBody() -> HTTPClientRequest.Body? {
        switch body {
        case .none: nil
        case .bytes(let bytes): .bytes(ByteBuffer(bytes: bytes))
        case .object(let body): body.makeRequestBody()
        }
    }
}
