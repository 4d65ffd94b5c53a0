import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
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
            // A kept-alive request first: the connection is idle once its answer is written.
            let closedBy = try await Self.secondsUntilServerCloses(
                port: port, request: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(closedBy != nil, "the server kept a silent connection open for 60 s")
            if let closedBy { #expect(closedBy >= 4) }
        }
    }

    /// Connects, sends `request`, reads until the server closes the connection; the seconds
    /// that took, or `nil` when it was still open after 60 s.
    static func secondsUntilServerCloses(port: Int, request: String) async throws -> Double? {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: Double?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    for try await _ in inbound {}
                }
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            if first == nil { try? await channel.channel.close() }
            return first
        }
    }
}
