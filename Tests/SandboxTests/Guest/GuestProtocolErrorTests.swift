import Foundation
import HummingbirdWSClient
import NIOHTTP1
import Testing
import WebMessaging

@testable import Sandbox

/// Limits and bad input: each gets a Genesys-style error and the socket and server stay healthy.
@Suite("Guest protocol errors and limits")
struct GuestProtocolErrorTests {
    @Test("an unknown deployment is refused with HTTP 403 on the upgrade, as Genesys does")
    func unknownDeployment() async throws {
        try await SandboxHarness.with { sandbox in
            await #expect(throws: (any Error).self) {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(sandbox.port)/v1?deploymentId=nope", logger: SandboxHarness.logger
                ) { _, _, _ in }
            }
            let unknown = try await sandbox.http(.GET, "/v1?deploymentId=nope")
            let missing = try await sandbox.http(.GET, "/v1")
            let plain = try await sandbox.http(.GET, "/v1?deploymentId=\(sandbox.deploymentId)")
            #expect(unknown.status == 403)
            #expect(missing.status == 403)
            #expect(plain.status == 426)
        }
    }

    @Test("text longer than the deployment allows is refused with 4011 and not stored")
    func messageTooLong() async throws {
        let deployment = DeploymentConfiguration(id: "short-texts", maxMessageLength: 10)
        try await SandboxHarness.with(SandboxHarness.configuration(deployment: deployment)) { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let refused = try await guest.say(String(repeating: "é", count: 11))
                #expect(refused.className == .string)
                #expect(refused.code == 4011)
                let accepted = try await guest.say(String(repeating: "é", count: 10))
                #expect(accepted.className == .structuredMessage)
                #expect(await sandbox.state.conversations().first?.messages.count == 1)
            }
        }
    }

    @Test("custom attributes larger than maxCustomDataBytes are refused with 4013")
    func customAttributesTooLarge() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                let refused = try await guest.say("hi", customAttributes: ["big": String(repeating: "x", count: 2_048)])
                #expect(refused.className == .string)
                #expect(refused.code == 4013)
                guard case .string(let text) = refused.body else { return }
                #expect(text.contains("2048 bytes"))
            }
        }
    }

    @Test("requests beyond the rate limit get TooManyRequestsErrorMessage (429, 4029, retryAfter)")
    func rateLimit() async throws {
        let deployment = DeploymentConfiguration(id: "slow", rateLimit: RateLimit(maxRequests: 5, windowSeconds: 10))
        try await SandboxHarness.with(SandboxHarness.configuration(deployment: deployment)) { sandbox in
            try await sandbox.withGuest { guest in
                _ = try await guest.configure(deploymentId: sandbox.deploymentId)
                var replies: [ServerMessage] = []
                for _ in 0..<6 {
                    if let reply = try await guest.echo() { replies.append(reply) }
                }
                #expect(replies.prefix(4).allSatisfy { $0.className == .structuredMessage })
                let limited = try #require(replies.last)
                #expect(limited.className == .tooManyRequestsErrorMessage)
                #expect(limited.code == 429)
                guard case .tooManyRequestsErrorMessage(let body) = limited.body else { return }
                #expect(body.errorCode == .requestRateTooHigh)
                #expect((1...10).contains(body.retryAfter))
            }
        }
    }

    /// Frames that must each get an error response without hurting the socket.
    static let badFrames: [(name: String, frame: String, codes: Set<Int>)] = [
        ("not JSON", "hello", [400]),
        ("empty", "", [400]),
        ("array", "[]", [400]),
        ("number", "42", [400]),
        ("null", "null", [400]),
        ("unknown action", #"{"action":"explode","token":"t-1"}"#, [400]),
        ("missing action", #"{"token":"t-1"}"#, [4020]),
        ("action of wrong type", #"{"action":7,"token":"t-1"}"#, [400, 4020]),
        ("missing message", #"{"action":"onMessage","token":"t-1"}"#, [4020]),
        ("missing deploymentId", #"{"action":"configureSession","token":"t-1"}"#, [4020]),
        ("token of wrong type", #"{"action":"onMessage","token":5,"message":{"type":"Text","text":"x"}}"#, [400]),
        ("message of wrong type", #"{"action":"onMessage","token":"t-1","message":"x"}"#, [400]),
        ("unknown token", #"{"action":"onMessage","token":"never-seen","message":{"type":"Text","text":"x"}}"#, [4007]),
        ("token with spaces", #"{"action":"getJwt","token":"not a token"}"#, [400]),
        ("empty token", #"{"action":"getJwt","token":""}"#, [400]),
        ("unknown attachment", #"{"action":"getAttachment","token":"t-1","attachmentId":"nope"}"#, [4007]),
        ("deeply nested", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), [400]),
        ("1 MB of garbage", String(repeating: "x", count: 1 << 20), [400]),
        ("other deployment", #"{"action":"configureSession","token":"t-2","deploymentId":"other"}"#, [400]),
        (
            "authenticated session",
            #"{"action":"configureAuthenticatedSession","token":"t-3","deploymentId":"d","data":{"code":"c"}}"#,
            [4000]
        ),
    ]

    @Test("a corpus of bad frames each gets a string error response; echo still answers after all of them")
    func badFrameCorpus() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.withGuest { guest in
                for (name, frame, codes) in Self.badFrames {
                    guest.sendRaw(frame)
                    let reply = try #require(try await guest.next(), "\(name): socket closed")
                    #expect(reply.type == .response, "\(name)")
                    #expect(reply.className == .string, "\(name): \(reply.className)")
                    let code = reply.code
                    #expect(codes.contains(code), "\(name): code \(code)")
                }
                guest.sendBinary([0, 1, 2, 3])
                let binaryReply = try #require(try await guest.next())
                #expect(binaryReply.className == .string)
                #expect(binaryReply.code == 400)

                let echo = try #require(try await guest.echo())
                #expect(echo.className == .structuredMessage)
                let session = try await guest.configure(deploymentId: sandbox.deploymentId)
                #expect(session.connected)
                let oversized = try await guest.say(String(repeating: "y", count: 1 << 20))
                #expect(oversized.code == 4011)
                #expect(try await guest.echo()?.className == .structuredMessage)
            }
            try await sandbox.withGuest { guest in
                let echo = try await guest.echo()
                #expect(echo?.className == .structuredMessage)
            }
        }
    }
}
