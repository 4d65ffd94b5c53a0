import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing

/// The fault schedules of ``CountingS3Proxy`` against a tiny in-process upstream (no moto
/// needed): which requests get which fault, what the client sees, what reaches the store.
@Suite("CountingS3Proxy fault injection")
struct S3FaultProxyTests {
    static func get(_ url: String) async throws -> (status: UInt, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return (response.status.code, String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test("Schedules: first K, first K per key, every Nth up to a limit; S3's XML errors; nothing forwarded")
    func schedules() async throws {
        try await CountingS3ProxyTests.withUpstream { target, upstream in
            try await CountingS3Proxy.with(target: target) { proxy in
                proxy.inject(
                    S3FaultRule(.internalError, on: ["GetObject"], keyContaining: "b/one", schedule: .first(2)))
                proxy.inject(S3FaultRule(.slowDown, on: ["GetObject"], schedule: .firstPerKey(1)))
                proxy.inject(S3FaultRule(.serviceUnavailable, on: ["PutObject"], schedule: .everyNth(2, limit: 2)))
                var statuses: [UInt] = []
                for _ in 0..<3 { statuses.append(try await Self.get(proxy.url + "/b/one").status) }
                for _ in 0..<2 { statuses.append(try await Self.get(proxy.url + "/b/two").status) }
                #expect(statuses == [500, 500, 503, 503, 200])
                let error = try await Self.get(proxy.url + "/b/three")
                #expect(error.status == 503)
                #expect(error.body.contains("<Code>SlowDown</Code>"))
                #expect(error.body.contains("<Resource>/b/three</Resource>"))
                var puts: [UInt] = []
                for _ in 0..<6 {
                    puts.append(try await CountingS3ProxyTests.put(proxy.url + "/b/p", bytes: 10).status.code)
                }
                #expect(puts == [200, 503, 200, 503, 200, 200])
                #expect(proxy.faultCounts == [.internalError: 2, .slowDown: 3, .serviceUnavailable: 2])
                #expect(proxy.faulted.allSatisfy { !$0.reachedStore })
                #expect(upstream.seen.withLockedValue { $0.count } == 4)
            }
        }
    }

    @Test(
        "Dropped connections: before forwarding nothing reaches the store; after, the store acted and the answer is lost; a cut body fails the read"
    )
    func drops() async throws {
        try await CountingS3ProxyTests.withUpstream { target, upstream in
            try await CountingS3Proxy.with(target: target) { proxy in
                proxy.inject(S3FaultRule(.drop, on: ["PutObject"], keyContaining: "before", schedule: .first(1)))
                proxy.inject(S3FaultRule(.dropAfterForwarding, on: ["PutObject"], schedule: .first(1)))
                proxy.inject(S3FaultRule(.truncateBody, on: ["GetObject"], schedule: .first(1)))
                await #expect(throws: (any Error).self) {
                    _ = try await CountingS3ProxyTests.put(proxy.url + "/b/before", bytes: 10)
                }
                #expect(upstream.seen.withLockedValue { $0.count } == 0)
                await #expect(throws: (any Error).self) {
                    _ = try await CountingS3ProxyTests.put(proxy.url + "/b/after", bytes: 10)
                }
                #expect(upstream.seen.withLockedValue { $0.count } == 1)
                await #expect(throws: (any Error).self) { _ = try await Self.get(proxy.url + "/b/read") }
                let again = try await Self.get(proxy.url + "/b/read")
                #expect(again.body == "hello")
                #expect(proxy.faultCounts == [.drop: 1, .dropAfterForwarding: 1, .truncateBody: 1])
            }
        }
    }

    @Test("Presigned URLs past X-Amz-Date + X-Amz-Expires are refused with 403 AccessDenied once expiry is enforced")
    func expiry() async throws {
        try await CountingS3ProxyTests.withUpstream { target, upstream in
            try await CountingS3Proxy.with(target: target) { proxy in
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "UTC")
                formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
                let signed = formatter.string(from: Date().addingTimeInterval(-10))
                let stale = proxy.url + "/b/k?X-Amz-Date=\(signed)&X-Amz-Expires=5&X-Amz-Signature=s"
                let fresh = proxy.url + "/b/k?X-Amz-Date=\(signed)&X-Amz-Expires=60&X-Amz-Signature=s"
                let before = try await CountingS3ProxyTests.put(stale, bytes: 10)
                #expect(before.status == .ok)
                proxy.enforcePresignedExpiry()
                let refused = try await CountingS3ProxyTests.put(stale, bytes: 10)
                #expect(refused.status == .forbidden)
                let message = String(buffer: try await refused.body.collect(upTo: 4_096))
                #expect(message.contains("Request has expired"))
                let valid = try await CountingS3ProxyTests.put(fresh, bytes: 10)
                #expect(valid.status == .ok)
                #expect(proxy.faultCounts == [.expired: 1])
                #expect(upstream.seen.withLockedValue { $0.count } == 2)
            }
        }
    }
}
