import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// What the proxy saw of one Data Action call: the path, the status and the response body.
struct RecordedDataActionCall: Sendable {
    var path: String
    var requestBody: Data
    var status: Int
    var responseBody: Data

    /// The response as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: responseBody)) as? [String: Any] ?? [:]
    }
}

/// The gateway's public front in the end-to-end tests: a loopback reverse proxy that forwards
/// every request to the gateway once its port is known, and records the Data Action calls (the
/// sandbox's trigger log keeps only response key names, never values such as the link).
///
/// It exists because every piece binds port 0: the sandbox's trigger rules and the gateway's
/// public URL must name an address before the gateway is listening.
actor RecordingProxy {
    private(set) var target: String?
    private(set) var port: Int?
    private(set) var calls: [RecordedDataActionCall] = []

    func setPort(_ port: Int) {
        self.port = port
    }

    /// The proxy's own port, once it listens.
    func waitForPort() async -> Int {
        for _ in 0..<400 where port == nil {
            try? await Task.sleep(for: .milliseconds(25))
        }
        return port ?? 0
    }

    func setTarget(_ url: String) {
        target = url
    }

    func record(_ call: RecordedDataActionCall) {
        calls.append(call)
    }

    /// The recorded calls to one Data Action path (`file-link`, …), oldest first.
    func calls(to route: String) -> [RecordedDataActionCall] {
        calls.filter { $0.path == "/v1/data-actions/" + route }
    }

    /// Waits until `count` calls to `route` were recorded (or ~20 s passed).
    func waitForCalls(to route: String, count: Int) async -> [RecordedDataActionCall] {
        for _ in 0..<400 where calls(to: route).count < count {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return calls(to: route)
    }

    struct NoTarget: Error {}
}

/// Forwards each request to the proxy's target with AsyncHTTPClient.
struct RecordingProxyResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let proxy: RecordingProxy

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        guard let target = await proxy.target else { throw RecordingProxy.NoTarget() }
        var outbound = HTTPClientRequest(url: target + request.uri.description)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where field.name.canonicalName != "host" {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        var request = request
        let body = try await request.collectBody(upTo: 64 << 20)
        if request.method != .get, request.method != .head {
            outbound.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(outbound, timeout: .seconds(60))
        let responseBody = try await response.body.collect(upTo: 64 << 20)
        let path = request.uri.path
        if path.hasPrefix("/v1/data-actions/") {
            await proxy.record(
                RecordedDataActionCall(
                    path: path, requestBody: Data(body.readableBytesView), status: Int(response.status.code),
                    responseBody: Data(responseBody.readableBytesView)))
        }
        var headers = HTTPFields()
        for (name, value) in response.headers
        where !["content-length", "transfer-encoding", "connection"].contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers,
            body: ResponseBody(byteBuffer: responseBody))
    }
}
