import AWSSigning
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Signs, sends and retries requests for one service (`s3` or `sqs`) over a caller-owned
/// `HTTPClient`.
///
/// Every attempt fetches credentials from the provider, signs with SigV4 for `service` and sends.
/// Non-2xx answers are turned into the service's typed error by `decodeError`; failures are
/// classified and retried under the ``RetryPolicy`` when the body can be sent again.
struct AWSTransport: Sendable {
    /// The response head and the whole (bounded) body of a request whose answer is small.
    struct CollectedResponse: Sendable {
        /// The HTTP status.
        var status: Int
        /// The response headers.
        var headers: HTTPHeaders
        /// The body.
        var body: ByteBuffer
    }

    /// Turns an error response into a typed error; given the status, headers and body.
    typealias ErrorDecoder = @Sendable (_ status: Int, _ headers: HTTPHeaders, _ body: ByteBuffer) -> any Error

    let httpClient: HTTPClient
    let credentials: any AWSCredentialProvider
    let region: String
    let service: String
    let retryPolicy: RetryPolicy
    let requestTimeout: Duration
    let logger: Logger
    var decodeError: ErrorDecoder
    /// The most bytes read from an error or XML/JSON response body.
    let maxBufferedBody = 8 << 20

    /// Sends a request and returns the response with its body still streaming.
    ///
    /// Retries (for replayable requests) stop once a 2xx head has arrived; reading the body is the
    /// caller's business.
    /// - Throws: the service's typed error for non-2xx, ``AWSClientError`` otherwise.
    func stream(_ request: AWSRequest, operation: String) async throws -> HTTPClientResponse {
        try await withRetries(request, operation: operation) { attempt in
            let response = try await send(request, operation: operation, attempt: attempt)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                throw await errorFrom(response, operation: operation)
            }
            return response
        }
    }

    /// Sends a request, reads the whole (bounded) body and hands it to `parse`, all inside one
    /// attempt: a body cut short or an error in a 200 body (CompleteMultipartUpload) is retried
    /// like any other failure.
    /// - Throws: the service's typed error for non-2xx, whatever `parse` throws, ``AWSClientError``.
    func collect<T: Sendable>(
        _ request: AWSRequest,
        operation: String,
        parse: @Sendable (CollectedResponse) throws -> T
    ) async throws -> T {
        try await withRetries(request, operation: operation) { attempt in
            let response = try await send(request, operation: operation, attempt: attempt)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                throw await errorFrom(response, operation: operation)
            }
            let body = try await readBody(response, operation: operation)
            return try parse(CollectedResponse(status: status, headers: response.headers, body: body))
        }
    }

    private func withRetries<T: Sendable>(
        _ request: AWSRequest,
        operation: String,
        _ body: (Int) async throws -> T
    ) async throws -> T {
        let policy = request.isReplayable ? retryPolicy : .none
        let executor = RetryingExecutor(policy: policy)
        return try await executor.run(operation, logger: logger, classify: Self.classify, operation: body)
    }

    /// Signs and sends one attempt; transport failures become ``AWSClientError``.
    private func send(_ request: AWSRequest, operation: String, attempt: Int) async throws -> HTTPClientResponse {
        let signed: [SigV4Signer.Header]
        do {
            let current = try await credentials.credentials()
            let signer = SigV4Signer(credentials: current, region: region, service: service)
            signed = try signer.signHeaders(
                method: request.method.rawValue,
                urlString: request.url,
                headers: request.headers.map { (name: $0.0, value: $0.1) },
                payload: request.payload
            )
        } catch let error as SigningError {
            throw AWSClientError(.signingFailed, error.description, operation: operation)
        } catch let error as CredentialsError {
            throw AWSClientError(.signingFailed, "no AWS credentials: \(error.description)", operation: operation)
        }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        for header in signed where header.name.lowercased() != "host" {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        outgoing.body = request.makeRequestBody()
        logger.trace("sending AWS request", metadata: ["operation": "\(operation)", "attempt": "\(attempt)"])
        do {
            return try await httpClient.execute(
                outgoing,
                timeout: .nanoseconds((request.timeout ?? requestTimeout).nanoseconds),
                logger: logger
            )
        } catch let error as AWSClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AWSClientError(
                .connectionFailed,
                "the request to \(Self.origin(of: request.url)) failed: \(error)",
                operation: operation
            )
        }
    }

    /// Reads the whole body, up to ``maxBufferedBody``.
    private func readBody(_ response: HTTPClientResponse, operation: String) async throws -> ByteBuffer {
        do {
            return try await response.body.collect(upTo: maxBufferedBody)
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw AWSClientError(
                .responseTooLarge,
                "the response body exceeds \(maxBufferedBody) bytes",
                operation: operation,
                status: Int(response.status.code)
            )
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AWSClientError(
                .connectionFailed,
                "the response body was cut short: \(error)",
                operation: operation,
                status: Int(response.status.code)
            )
        }
    }

    /// Reads an error response and decodes it into the service's typed error.
    private func errorFrom(_ response: HTTPClientResponse, operation: String) async -> any Error {
        let status = Int(response.status.code)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            body = ByteBuffer()
        }
        return decodeError(status, response.headers, body)
    }

    /// Maps a failure to what the retry policy needs.
    static func classify(_ error: any Error) -> RetryableFailure {
        switch error {
        case let error as S3Error:
            return .response(status: error.status, code: error.code.rawValue)
        case let error as SQSError:
            return .response(status: error.status, code: error.code.rawValue)
        case let error as AWSClientError:
            if error.code == .connectionFailed { return .connection(error.message) }
            if let status = error.status, error.code != .responseTooLarge {
                return .response(status: status, code: nil)
            }
            return .permanent(error.code.rawValue)
        default:
            return .permanent(String(describing: type(of: error)))
        }
    }

    /// `scheme://host:port` of a URL, for messages that must not show paths or signatures.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the service" }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(components.scheme ?? "https")://\(host)\(port)"
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let parts = components
        let (product, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        return product + parts.attoseconds / 1_000_000_000
    }
}
