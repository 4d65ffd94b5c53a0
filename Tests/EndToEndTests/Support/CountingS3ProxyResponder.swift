import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// A request context that keeps the connection's channel, so that the proxy can close it.
struct CountingS3ProxyContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Forwards each request to the proxy's target with AsyncHTTPClient, streaming the bodies, with
/// the client's `Host` (presigned signatures cover it).
struct CountingS3ProxyResponder: HTTPResponder {
    typealias Context = CountingS3ProxyContext
    let proxy: CountingS3Proxy

    /// Hop-by-hop and framing headers, which AsyncHTTPClient and Hummingbird set themselves.
    static let dropped: Set<String> = ["connection", "keep-alive", "transfer-encoding", "content-length", "host"]

    func respond(to request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let key = String(request.uri.path.drop { $0 == "/" }).removingPercentEncoding ?? request.uri.path
        var recorded = S3ProxyRequest(
            method: request.method.rawValue, key: key,
            partNumber: query["partNumber"].flatMap { Int(String($0)) },
            presigned: query["X-Amz-Signature"] != nil)
        recorded.operation = S3ProxyRequest.operation(
            method: request.method.rawValue, key: key, query: Set(query.map { String($0.key) }),
            copySource: request.headers.contains { $0.name.canonicalName == "x-amz-copy-source" })
        let (index, refuse) = proxy.admit(recorded, channel: context.channel)
        if refuse { return try await drop(context) }
        while true {
            switch proxy.gate(index) {
            case .go: break
            case .drop: return try await drop(context)
            case .wait:
                // A client that gave up while held (a page reload) is not forwarded later.
                guard context.channel.isActive else {
                    proxy.finish(index, outcome: .interrupted)
                    return try await drop(context)
                }
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            break
        }
        let expired = S3ProxyRequest.presignedExpired(
            date: query["X-Amz-Date"].map { String($0) }, expires: query["X-Amz-Expires"].map { String($0) },
            now: Date())
        let fault = proxy.fault(for: index, expired: expired)
        switch fault {
        case .drop?:
            proxy.finish(index, outcome: .interrupted)
            return try await drop(context)
        case let answered? where answered.status != nil:
            // Read the body first, as S3 does before answering: the client sees the error, not a reset.
            for try await _ in request.body {}
            proxy.finish(index, outcome: .answered(answered.status ?? 500))
            return answered.response(method: request.method.rawValue, resource: "/" + key, requestId: index)
        default:
            break
        }

        var outbound = HTTPClientRequest(url: proxy.target + request.uri.description)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.dropped.contains(field.name.canonicalName) {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        if let authority = request.head.authority { outbound.headers.replaceOrAdd(name: "Host", value: authority) }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }) {
            outbound.body = .stream(request.body, length: .known(length))
        } else if request.headers[.transferEncoding] != nil {
            outbound.body = .stream(request.body, length: .unknown)
        }
        proxy.markForwarded(index)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(outbound, timeout: .minutes(5))
        } catch {
            proxy.finish(index, outcome: .failed)
            throw error
        }
        if fault == .dropAfterForwarding {
            // The store acted; the answer is lost on the way back.
            _ = try? await response.body.collect(upTo: 64 << 20)
            proxy.finish(index, outcome: .interrupted)
            return try await drop(context)
        }
        proxy.finish(index, outcome: .answered(Int(response.status.code)))
        var headers = HTTPFields()
        for (name, value) in response.headers
        where !["connection", "keep-alive", "transfer-encoding"].contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        if fault == .truncateBody {
            let length = response.headers.first(name: "content-length").flatMap { Int($0) } ?? 2
            return Response(
                status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers,
                body: ResponseBody(asyncSequence: TruncatedBody(base: response.body, limit: max(1, length / 2))))
        }
        return Response(
            status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers,
            body: ResponseBody(asyncSequence: response.body))
    }

    /// Closes the client's connection without an answer (what a cut network looks like).
    private func drop(_ context: Context) async throws -> Response {
        try? await context.channel.close()
        throw GuestUIHarnessError("connection cut by the test")
    }
}
