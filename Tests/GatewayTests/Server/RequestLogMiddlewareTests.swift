import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// Request ids: a sane `X-Request-Id` from the caller is kept, anything else replaced by the
/// gateway's own; the id is in every JSON log line of the request and in the response header;
/// the query string (signed URLs' signatures) never reaches the log.
@Suite("Request ids in logs and responses")
struct RequestLogMiddlewareTests {
    /// The JSON lines written while `body` ran, and `body`'s result.
    static func withCapturedLogs<T: Sendable>(
        _ body: (Logger) async throws -> T
    ) async throws -> (T, [[String: Any]]) {
        let lines = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "test.requests") { label in
            JSONLogHandler(label: label, level: .info) { line in lines.withLockedValue { $0.append(line) } }
        }
        let result = try await body(logger)
        let objects = lines.withLockedValue { $0 }.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        return (result, objects)
    }

    @Test("A caller's id is kept; a hostile one is replaced; every line of the request carries the id")
    func ids() async throws {
        let (ids, lines) = try await Self.withCapturedLogs { logger in
            let app = Application(
                router: GatewayRouter.make(health: HealthMonitor(checks: []), logLevel: .info), logger: logger)
            return try await app.test(.router) { client in
                var seen: [String] = []
                for header in ["lb-4711.a_b", "bad id\u{7F}<script>", String(repeating: "x", count: 129), nil] {
                    var headers = HTTPFields()
                    if let header, let name = HTTPField.Name("X-Request-Id") { headers[name] = header }
                    let id = try await client.execute(
                        uri: "/livez?X-Amz-Signature=secret-signature", method: .get, headers: headers
                    ) { response in
                        #expect(response.status == .ok)
                        return response.headers[HTTPField.Name("X-Request-Id")!] ?? ""
                    }
                    seen.append(id)
                }
                return seen
            }
        }
        #expect(ids[0] == "lb-4711.a_b")
        for id in ids.dropFirst() {
            #expect(!id.isEmpty && id != "lb-4711.a_b" && !id.contains("<") && id.count <= 128)
        }
        #expect(Set(ids).count == 4)
        for id in ids {
            let own = lines.filter { $0["request.id"] as? String == id }
            #expect(own.map { $0["msg"] as? String } == ["Request", "Response"], "\(own)")
            #expect(own.last?["http.status"] as? String == "200")
            #expect(own.first?["hb.request.path"] as? String == "/livez")
        }
        let text = lines.map { "\($0)" }.joined()
        #expect(!text.contains("secret-signature"))
        #expect(!text.contains("<script>"))
    }
}
