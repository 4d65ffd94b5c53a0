import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Gateway

/// `ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS`: the gateway closes connections that stay silent.
@Suite("HTTP idle timeout")
struct HTTPIdleTimeoutTests {
    static func configuration(_ values: [String: String]) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration.embedded(
            in: URL(fileURLWithPath: "/tmp/attache-idle"), origin: "test", values: values)
    }

    @Test("75 seconds by default; a value in range is taken")
    func values() throws {
        #expect(try Self.configuration([:]).httpIdleTimeoutSeconds == 75)
        #expect(try Self.configuration(["ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS": "5"]).httpIdleTimeoutSeconds == 5)
        #expect(try Self.configuration(["ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS": "3600"]).httpIdleTimeoutSeconds == 3600)
    }

    @Test("Out of range or not a number: an error naming the variable", arguments: ["4", "3601", "1m", "-5"])
    func invalid(value: String) {
        #expect {
            _ = try Self.configuration(["ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS": value])
        } throws: { error in
            "\(error)".contains("ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS") && "\(error)".contains("whole seconds 5-3600")
        }
    }

    @Test("A connection that sends nothing is closed by the server after the idle timeout")
    func silentConnectionIsClosed() async throws {
        let configuration = try Self.configuration(["ATTACHE_HTTP_IDLE_TIMEOUT_SECONDS": "5", "ATTACHE_PORT": "0"])
        let app = GatewayServer.makeApplication(
            configuration: configuration, health: HealthMonitor(checks: []), logger: Logger(label: "test.idle"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let start = ContinuousClock.now
            // A kept-alive request first: the connection is idle once its answer is written.
            let (received, closed) = try await RawHTTPConnection.connect(port: port).exchange { send, _ in
                try await send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            #expect(received.hasPrefix("HTTP/1.1 200"))
            #expect(closed, "the server kept a silent connection open for 60 s")
            #expect(ContinuousClock.now - start >= .seconds(4))
        }
    }
}
