import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing

/// The guest UI stack itself, without a browser: the gateway serves the page and its guest
/// configuration pointing at the sandbox, the sandbox's guest WebSocket answers, and (moto) the
/// presigned URLs go through the counting proxy with moto's CORS answers.
@Suite("Guest UI harness", .serialized)
struct GuestUIHarnessTests {
    static func checkPageAndConfig(_ harness: GuestUIHarness) async throws {
        let config = try await harness.request(.GET, "/v1/guest/config")
        #expect(config.status == 200, "\(String(decoding: config.body, as: UTF8.self))")
        #expect(config.json["deploymentId"] as? String == harness.sandbox.deploymentId)
        #expect(config.json["webSocketURL"] as? String == "ws://127.0.0.1:\(harness.sandbox.port)/v1")
        #expect(config.json["apiBaseURL"] as? String == harness.sandboxURL)
        let policy = config.json["policy"] as? [String: Any] ?? [:]
        #expect(policy["partSize"] as? Int == 5 << 20)

        let page = try await harness.request(.GET, "/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("composer-input"))
        let policyHeader = page.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(policyHeader.contains("ws://127.0.0.1:\(harness.sandbox.port)"), "\(policyHeader)")

        let answered = try await WebSocketGuest.with(
            sandboxPort: harness.sandbox.port, deploymentId: harness.sandbox.deploymentId
        ) { guest in await guest.inbox.frames.contains { $0.contains("SessionResponse") } }
        #expect(answered)
    }

    @Test("Embedded store: the page, its guest configuration and the sandbox's WebSocket", .timeLimit(.minutes(1)))
    func embedded() async throws {
        try await GuestUIHarness.with(store: .embedded) { harness in
            try await Self.checkPageAndConfig(harness)
        }
    }

    @Test(
        "moto + clamd: uploads through the counting proxy with CORS from the bucket rule; EICAR is rejected",
        .enabled(if: GuestUIStore.moto.servicesAvailable), .timeLimit(.minutes(2)))
    func moto() async throws {
        try await GuestUIHarness.with(store: .moto) { harness in
            try await Self.checkPageAndConfig(harness)
            let proxy = try #require(harness.s3Proxy)
            let credential = try await harness.gatewayGuest()

            // A preflight for a presigned part URL, as Chromium sends it, answered by moto's bucket rule.
            let ticket = try await harness.request(
                .POST, "/v1/uploads",
                json: ["filename": "probe.pdf", "size": 11 << 20, "contentType": "application/pdf"],
                credential: credential)
            let parts = (ticket.json["upload"] as? [String: Any])?["parts"] as? [[String: Any]] ?? []
            let firstURL = try #require(parts.first?["url"] as? String)
            #expect(firstURL.hasPrefix(proxy.url + "/"))
            let preflight = try await harness.request(
                .OPTIONS, firstURL,
                headers: [
                    "Origin": harness.gatewayURL, "Access-Control-Request-Method": "PUT",
                    "Access-Control-Request-Headers": "content-type",
                ])
            #expect(preflight.status == 200)
            #expect(preflight.headers.first(name: "Access-Control-Allow-Origin") == harness.gatewayURL)
            #expect(preflight.headers.first(name: "Access-Control-Expose-Headers")?.contains("ETag") == true)

            var data = Data(count: 11 << 20)
            data.replaceSubrange(0..<5, with: Data("%PDF-".utf8))
            let clean = try await harness.uploadDirectly(
                data, filename: "eleven.pdf", contentType: "application/pdf", credential: credential)
            #expect(clean.state == "clean")
            let counted = proxy.partUploads(keyContaining: clean.fileId)
            #expect(counted.keys.sorted() == [1, 2, 3])
            #expect(counted.values.allSatisfy { $0.count == 1 && $0[0].succeeded })

            let eicar = Data(
                #"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)
            let rejected = try await harness.uploadDirectly(
                eicar, filename: "invoice.pdf", contentType: "application/pdf", credential: credential)
            #expect(rejected.state == "rejected")
        }
    }
}
