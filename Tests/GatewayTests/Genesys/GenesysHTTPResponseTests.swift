import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@testable import Gateway

@Suite("Genesys HTTP outcomes")
struct GenesysHTTPResponseTests {
    static func post(_ url: String, timeout: Duration) async -> GenesysPlatformError? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: #"{"textBody":"x"}"#))
        do {
            _ = try await GenesysHTTPResponse.execute(
                request, on: .shared, timeout: timeout, maxBytes: 1_024, action: "posting")
            return nil
        } catch {
            return error
        }
    }

    @Test("No connection at all: the request certainly did not happen (safe to retry)")
    func refused() async throws {
        // A port that was free a moment ago: nothing listens there.
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        let error = try #require(await Self.post("http://127.0.0.1:\(port)/x", timeout: .seconds(1)))
        #expect(error.status == nil)
        #expect(!error.outcomeUnknown)
    }

    @Test("Sent, then no answer: the outcome is unknown (must not be retried by at-most-once callers)")
    func noAnswer() async throws {
        // Accepts connections and never answers.
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { _ in MultiThreadedEventLoopGroup.singleton.any().makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        let error = try #require(await Self.post("http://127.0.0.1:\(port)/x", timeout: .milliseconds(500)))
        #expect(error.status == nil)
        #expect(error.outcomeUnknown)
    }
}
