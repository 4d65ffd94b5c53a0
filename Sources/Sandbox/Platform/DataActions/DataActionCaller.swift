import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends Data Action requests the way Genesys Cloud's Web Services Data Actions integration does:
/// one HTTP request per call, rendered from the action's templates, with its configured headers.
public struct DataActionCaller: Sendable {
    /// The largest response body read, in bytes (Genesys caps action responses too).
    public static let maxResponseBytes = 256 * 1_024

    private let httpClient: HTTPClient

    /// Creates a caller.
    /// - Parameter httpClient: the client to send with (the process-wide shared one by default).
    public init(httpClient: HTTPClient = .shared) {
        self.httpClient = httpClient
    }

    /// Renders and sends an action.
    /// - Parameters:
    ///   - action: the Data Action.
    ///   - inputs: values for `${input.*}`.
    /// - Returns: the 2xx answer.
    /// - Throws: ``DataActionError``: bad URL or body, transport failure or timeout, non-2xx status.
    public func call(
        _ action: DataAction,
        inputs: [String: String]
    ) async throws(DataActionError) -> DataActionResponse {
        let prepared = try action.prepare(inputs: inputs)
        let timeout = TimeAmount.seconds(Int64(max(1, action.timeoutSeconds)))
        return try await send(prepared, actionName: action.name, timeout: timeout)
    }

    /// Sends an already prepared request.
    /// - Parameters:
    ///   - prepared: the rendered request.
    ///   - actionName: the action's name, for error messages.
    ///   - timeout: the deadline for the whole exchange.
    /// - Returns: the 2xx answer.
    /// - Throws: ``DataActionError`` (transport failure, timeout, non-2xx status).
    public func send(
        _ prepared: PreparedDataActionRequest,
        actionName: String,
        timeout: TimeAmount
    ) async throws(DataActionError) -> DataActionResponse {
        var request = HTTPClientRequest(url: prepared.url.absoluteString)
        request.method = HTTPMethod(rawValue: prepared.method)
        for header in prepared.headers {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: prepared.body))
        let clock = ContinuousClock()
        let start = clock.now
        let status: Int
        let body: Data
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            body = Data(buffer.readableBytesView)
        } catch {
            throw DataActionError(
                code: .transport,
                message: "action '\(actionName)': \(prepared) failed: \(Self.describe(error))"
            )
        }
        let duration = clock.now - start
        guard (200..<300).contains(status) else {
            throw DataActionError(
                code: .httpStatus,
                message: "action '\(actionName)': \(prepared) answered HTTP \(status)",
                status: status
            )
        }
        return DataActionResponse(status: status, body: body, duration: duration)
    }

    /// A short, secret-free description of a transport error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return String(describing: error)
            }
        }
        if error is NIOTooManyBytesError { return "the response is larger than \(maxResponseBytes) bytes" }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
