import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A Platform API answer: status and whole (bounded) body.
struct GenesysHTTPResponse: Sendable {
    /// The HTTP status code.
    var status: Int
    /// The body.
    var body: Data
    /// `Retry-After`, when Genesys sent one (429, 503).
    var retryAfter: String?

    /// Sends a request and reads the answer.
    /// - Parameters:
    ///   - request: the request (its headers may carry a secret; they are never logged).
    ///   - httpClient: the client to send with.
    ///   - timeout: the whole request's deadline.
    ///   - maxBytes: the largest body read.
    ///   - action: what is being done, for error messages (method and path, no query, no secret).
    /// - Throws: ``GenesysPlatformError`` without a status when Genesys cannot be reached or the
    ///   answer is cut short or too large.
    static func execute(
        _ request: HTTPClientRequest,
        on httpClient: HTTPClient,
        timeout: Duration,
        maxBytes: Int,
        action: String
    ) async throws(GenesysPlatformError) -> GenesysHTTPResponse {
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            let status = Int(response.status.code)
            let retryAfter = response.headers.first(name: "Retry-After")
            let buffer = try await response.body.collect(upTo: maxBytes)
            return GenesysHTTPResponse(status: status, body: Data(buffer.readableBytesView), retryAfter: retryAfter)
        } catch is NIOTooManyBytesError {
            throw GenesysPlatformError(status: nil, message: "\(action): the answer is larger than \(maxBytes) bytes")
        } catch is CancellationError {
            throw GenesysPlatformError(status: nil, message: "\(action): cancelled")
        } catch {
            throw GenesysPlatformError(
                status: nil, message: "\(action): Genesys could not be reached (\(error))",
                outcomeUnknown: !Self.failedBeforeSending(error))
        }
    }

    /// Whether a transport error happened before any byte of the request could reach Genesys
    /// (no connection): only then is the request certainly not carried out.
    static func failedBeforeSending(_ error: any Error) -> Bool {
        if error is NIOConnectionError { return true }
        if let io = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(io.errnoCode) {
            return true
        }
        if let client = error as? HTTPClientError {
            return client == .connectTimeout || client == .invalidURL || client == .alreadyShutdown
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return true }
        return false
    }

    /// The typed error for a non-2xx answer, with Genesys's own code and message when it sent one.
    func error(action: String) -> GenesysPlatformError {
        var message = "\(action) failed"
        if let summary = GenesysErrorDocument.summary(of: body) { message += ": \(summary)" }
        if let retryAfter { message += " (Retry-After: \(retryAfter.prefix(32)))" }
        return GenesysPlatformError(status: status, message: message)
    }

    /// A duration in whole nanoseconds, saturating at `Int64.max`.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
