import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Gateway

/// `Expect: 100-continue`: the gateway answers `100 Continue` before the body is sent.
@Suite("Expect: 100-continue")
struct ExpectContinueTests {
    @Test("A request that expects 100-continue gets it before sending its body, then its answer")
    func interimThenFinal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-expect-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test", values: ["ATTACHE_PORT": "0", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"])
        let logger = Logger(label: "test.expect")
        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        let app = GatewayServer.makeApplication(
            configuration: configuration, health: runtime.health, pipeline: pipeline, logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = #"{"sessionToken":"expect-continue-session-1","deploymentId":"d"}"#
            let (received, _) = try await RawHTTPConnection.connect(port: port).exchange { send, received in
                try await send(
                    "POST /v1/guests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                let deadline = ContinuousClock.now + .seconds(30)
                while !received().contains("\r\n\r\n"), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                // The body goes only once the interim answer is in, as a waiting client does.
                try await send(body)
            }
            #expect(received.hasPrefix("HTTP/1.1 100 Continue\r\n"), "got \(received.prefix(80))")
            let final = received.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
            #expect(final.hasPrefix("HTTP/1.1 200"), "got \(final.prefix(80))")
        }
        try await runtime.close()
    }

    @Test("A request without Expect gets no interim answer")
    func noExpectNoInterim() async throws {
        let configuration = try GatewayConfiguration.embedded(
            in: URL(fileURLWithPath: "/tmp/attache-expect"), origin: "test", values: ["ATTACHE_PORT": "0"])
        let app = GatewayServer.makeApplication(
            configuration: configuration, health: HealthMonitor(checks: []), logger: Logger(label: "test.expect"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let (received, _) = try await RawHTTPConnection.connect(port: port).exchange { send, _ in
                try await send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            }
            #expect(received.hasPrefix("HTTP/1.1 200"))
            #expect(!received.contains("100 Continue"))
        }
    }
}
