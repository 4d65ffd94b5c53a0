import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdWSClient
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Testing
import WebMessaging

@testable import Sandbox

/// A guest page on another origin (the gateway's guest UI) can use the sandbox as it uses Genesys
/// Cloud: history with a bearer JWT after a CORS preflight, attachments, and the guest WebSocket
/// with the browser's `Origin` header.
@Suite("Sandbox CORS for browser guests")
struct GuestCORSTests {
    static let origin = "http://127.0.0.1:8080"

    /// Status and headers of a request to the sandbox.
    func call(
        _ sandbox: SandboxHarness, _ method: HTTPMethod, _ path: String, headers: [(String, String)]
    ) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        var request = HTTPClientRequest(url: sandbox.baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers, String(buffer: body))
    }

    @Test("A history preflight answers 204 with the origin echoed, authorization allowed and a max age")
    func historyPreflight() async throws {
        try await SandboxHarness.with { sandbox in
            let response = try await call(
                sandbox, .OPTIONS, "/api/v2/webmessaging/messages?pageNumber=1&pageSize=25",
                headers: [
                    ("Origin", Self.origin), ("Access-Control-Request-Method", "GET"),
                    ("Access-Control-Request-Headers", "authorization"),
                ])
            #expect(response.status == 204)
            #expect(response.headers["Access-Control-Allow-Origin"] == [Self.origin])
            let allowedHeaders = response.headers["Access-Control-Allow-Headers"].joined(separator: ",").lowercased()
            #expect(allowedHeaders.contains("authorization") && allowedHeaders.contains("content-type"))
            #expect(response.headers["Access-Control-Allow-Methods"].joined().contains("GET"))
            #expect(response.headers["Access-Control-Max-Age"] == ["600"])
            #expect(response.headers["Access-Control-Allow-Credentials"].isEmpty)
            #expect(response.headers["Vary"].joined().contains("Origin"))
        }
    }

    @Test("History with the guest's JWT from another origin is readable (200 and 401 both carry the origin)")
    func historyFromAnotherOrigin() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                _ = try await guest.say("hello from the browser")
                let jwt = try await guest.jwt().jwt
                let ok = try await call(
                    sandbox, .GET, "/api/v2/webmessaging/messages?pageNumber=1&pageSize=25",
                    headers: [("Origin", Self.origin), ("Authorization", "Bearer \(jwt)")])
                #expect(ok.status == 200)
                #expect(ok.headers["Access-Control-Allow-Origin"] == [Self.origin])
                #expect(ok.body.contains("hello from the browser"))
            }
            let refused = try await call(
                sandbox, .GET, "/api/v2/webmessaging/messages", headers: [("Origin", Self.origin)])
            #expect(refused.status == 401)
            #expect(refused.headers["Access-Control-Allow-Origin"] == [Self.origin])
        }
    }

    @Test("Native attachment URLs answer preflights too; an unknown upload is still refused")
    func attachments() async throws {
        try await SandboxHarness.with { sandbox in
            let preflight = try await call(
                sandbox, .OPTIONS, "/sandbox/uploads/some-id?sig=x",
                headers: [
                    ("Origin", Self.origin), ("Access-Control-Request-Method", "PUT"),
                    ("Access-Control-Request-Headers", "content-type"),
                ])
            #expect(preflight.status == 204)
            #expect(preflight.headers["Access-Control-Allow-Methods"].joined().contains("PUT"))
            let download = try await call(
                sandbox, .GET, "/sandbox/attachments/unknown?sig=x", headers: [("Origin", Self.origin)])
            #expect(download.status == 404)
            #expect(download.headers["Access-Control-Allow-Origin"] == [Self.origin])
        }
    }

    @Test(
        "Only the guest endpoints: the guest socket's HTTP answer, other paths and a null origin get no CORS",
        arguments: ["/v1?deploymentId=test-deployment", "/oauth/token", "/api/v2/users/me", "/agent"])
    func otherPaths(path: String) async throws {
        try await SandboxHarness.with { sandbox in
            let preflight = try await call(
                sandbox, .OPTIONS, path, headers: [("Origin", Self.origin), ("Access-Control-Request-Method", "GET")])
            #expect(preflight.status != 204)
            #expect(preflight.headers["Access-Control-Allow-Origin"].isEmpty)
            let get = try await call(sandbox, .GET, path, headers: [("Origin", Self.origin)])
            #expect(get.headers["Access-Control-Allow-Origin"].isEmpty)
        }
    }

    @Test("A null origin (sandboxed frame, file:) gets no CORS headers")
    func nullOrigin() async throws {
        try await SandboxHarness.with { sandbox in
            let response = try await call(
                sandbox, .OPTIONS, "/api/v2/webmessaging/messages",
                headers: [("Origin", "null"), ("Access-Control-Request-Method", "GET")])
            #expect(response.status != 204)
            #expect(response.headers["Access-Control-Allow-Origin"].isEmpty)
        }
    }

    @Test("The guest WebSocket upgrade accepts a browser's Origin header")
    func webSocketWithOrigin() async throws {
        try await SandboxHarness.with { sandbox in
            let url = "ws://127.0.0.1:\(sandbox.port)/v1?deploymentId=\(sandbox.deploymentId)"
            let token = UUID().uuidString.lowercased()
            let request = try GuestRequest.configureSession(
                ConfigureSessionRequest(token: token, deploymentId: sandbox.deploymentId, tracingId: "t-1")
            ).jsonString()
            let (frames, continuation) = AsyncStream.makeStream(of: String.self)
            try await WebSocketClient.connect(
                url: url, configuration: .init(additionalHeaders: [.origin: Self.origin]),
                logger: SandboxHarness.logger
            ) { inbound, outbound, _ in
                try await outbound.write(.text(request))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message {
                        continuation.yield(text)
                        break
                    }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            continuation.finish()
            var iterator = frames.makeAsyncIterator()
            let first = try #require(await iterator.next())
            let message = try ServerMessage.decode(from: first)
            guard case .sessionResponse(let session) = message.body else {
                Issue.record("expected a SessionResponse, got \(first)")
                return
            }
            #expect(session.connected)
        }
    }
}
