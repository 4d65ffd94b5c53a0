import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A tiny local Data Action endpoint: records each request's headers and body, answers with a
/// fixed status and JSON body.
actor DataActionReceiver {
    struct Received: Sendable {
        var method: String
        var path: String
        /// Header values by lowercased name.
        var headers: [String: String]
        var body: Data

        /// A header's value (case-insensitive name).
        func header(_ name: String) -> String? {
            headers[name.lowercased()]
        }
    }

    private(set) var received: [Received] = []

    func record(_ item: Received) {
        received.append(item)
    }

    /// Waits until `count` requests arrived (or a timeout passed).
    func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while received.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return received
    }

    /// Runs a live receiver on 127.0.0.1 and passes its base URL to `body`.
    static func with(
        status: HTTPResponse.Status = .ok,
        responseBody: String = #"{"url":"https://example.invalid/signed?X-Amz-Signature=abc","expiresIn":30}"#,
        delay: Duration = .zero,
        _ body: @Sendable (DataActionReceiver, String) async throws -> Void
    ) async throws {
        let receiver = DataActionReceiver()
        let router = Router()
        router.on("**", method: .post) { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1_024 * 1_024)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            await receiver.record(
                Received(
                    method: request.method.rawValue, path: request.uri.path, headers: headers,
                    body: Data(buffer.readableBytesView)
                ))
            if delay > .zero { try await Task.sleep(for: delay) }
            var responseHeaders = HTTPFields()
            responseHeaders[.contentType] = "application/json"
            return Response(
                status: status, headers: responseHeaders,
                body: .init(byteBuffer: ByteBuffer(string: responseBody))
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(receiver, "http://127.0.0.1:\(port)")
        }
    }
}
