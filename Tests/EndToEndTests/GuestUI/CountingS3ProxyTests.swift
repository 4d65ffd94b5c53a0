import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Testing

/// The guest UI tests' S3 proxy, against a tiny in-process upstream (no moto needed): it counts
/// per method, key and part number, keeps the client's Host, streams bodies, and cuts.
@Suite("CountingS3Proxy")
struct CountingS3ProxyTests {
    /// What the upstream saw: Host headers and body sizes.
    final class Upstream: Sendable {
        let seen = NIOLockedValueBox<[(host: String, bytes: Int)]>([])
    }

    static func withUpstream(_ body: (String, Upstream) async throws -> Void) async throws {
        let upstream = Upstream()
        let router = Router()
        router.on("**", method: .put) { request, context -> Response in
            let host = request.head.authority ?? ""
            var request = request
            let bytes = try await request.collectBody(upTo: 64 << 20).readableBytes
            upstream.seen.withLockedValue { $0.append((host, bytes)) }
            var headers = HTTPFields()
            headers[.eTag] = "\"etag-\(bytes)\""
            return Response(status: .ok, headers: headers)
        }
        router.get("**") { _, _ in "hello" }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: CountingS3Proxy.logger)
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: CountingS3Proxy.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                try await body("http://127.0.0.1:\(port)", upstream)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func put(_ url: String, bytes: Int) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.body = .bytes(ByteBuffer(repeating: 7, count: bytes))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    }

    @Test("Counts per method, key and part number; keeps Host; streams a 6 MiB body; answers with the ETag")
    func counts() async throws {
        try await Self.withUpstream { target, upstream in
            try await CountingS3Proxy.with(target: target) { proxy in
                let base = proxy.url + "/bucket/objects/file-1"
                for part in [1, 2, 2] {
                    let response = try await Self.put(
                        base + "?partNumber=\(part)&uploadId=u1&X-Amz-Signature=abc", bytes: 6 << 20)
                    #expect(response.status == .ok)
                    #expect(response.headers["ETag"].first == "\"etag-\(6 << 20)\"")
                }
                let plain = try await HTTPClient.shared.execute(HTTPClientRequest(url: base), timeout: .seconds(10))
                #expect(plain.status == .ok)
                #expect(String(buffer: try await plain.body.collect(upTo: 1_024)) == "hello")

                #expect(proxy.forwardedCount(method: "PUT", key: "bucket/objects/file-1", partNumber: 1) == 1)
                #expect(proxy.forwardedCount(method: "PUT", key: "bucket/objects/file-1", partNumber: 2) == 2)
                #expect(proxy.forwardedCount(method: "GET", key: "bucket/objects/file-1") == 1)
                #expect(proxy.partUploads(keyContaining: "file-1").mapValues(\.count) == [1: 1, 2: 2])
                #expect(proxy.requests.allSatisfy { $0.outcome == .answered(200) })
                let seen = upstream.seen.withLockedValue { $0 }
                #expect(seen.map(\.bytes) == [6 << 20, 6 << 20, 6 << 20])
                #expect(seen.allSatisfy { $0.host == "127.0.0.1:\(proxy.port.withLockedValue { $0 } ?? 0)" })
            }
        }
    }

    @Test("A cut refuses presigned requests and interrupts held ones; the gateway's own calls pass; restore heals")
    func cuts() async throws {
        try await Self.withUpstream { target, upstream in
            try await CountingS3Proxy.with(target: target) { proxy in
                let part = { (number: Int) in
                    proxy.url + "/bucket/k?partNumber=\(number)&uploadId=u&X-Amz-Signature=s"
                }
                proxy.hold(.parts([3]))
                let heldURL = part(3)
                let held = Task { try await Self.put(heldURL, bytes: 1_024) }
                #expect(await proxy.waitFor { $0.contains { $0.partNumber == 3 } })
                proxy.cut()
                await #expect(throws: (any Error).self) { _ = try await held.value }
                await #expect(throws: (any Error).self) { _ = try await Self.put(part(4), bytes: 1_024) }
                // Header-signed requests (the gateway's) are not cut by the default scope.
                let own = try await Self.put(proxy.url + "/bucket/other", bytes: 10)
                #expect(own.status == .ok)
                proxy.restore()
                #expect(try await Self.put(part(4), bytes: 1_024).status == .ok)

                let parts = proxy.partUploads(keyContaining: "bucket/k")
                #expect(parts[3]?.map(\.outcome) == [.interrupted])
                #expect(parts[3]?.first?.reachedStore == false)
                #expect(parts[4]?.map(\.outcome) == [.refused, .answered(200)])
                #expect(proxy.forwardedCount(method: "PUT", key: "bucket/k", partNumber: 4) == 1)
                #expect(upstream.seen.withLockedValue { $0.count } == 2)
            }
        }
    }
}
