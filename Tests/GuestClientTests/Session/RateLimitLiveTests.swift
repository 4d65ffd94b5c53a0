import Foundation
import GuestClient
import Sandbox
import Testing
import WebMessaging

/// `TooManyRequestsErrorMessage` against the sandbox's per-connection rate limit.
@Suite("Rate limiting against the sandbox", .timeLimit(.minutes(2)))
struct RateLimitLiveTests {
    @Test("TooManyRequests: retryAfter is honoured per message, each refused message is sent once afterwards")
    func retryAfterIsHonoured() async throws {
        // Two requests per 3 s window per connection: configureSession and the first message fill
        // the first window, so the second message is refused however slow the machine is (short
        // of 3 s per round trip); each later window takes two messages.
        let deployment = DeploymentConfiguration(
            id: "guest-client-tests", rateLimit: RateLimit(maxRequests: 2, windowSeconds: 3))
        try await LiveSandbox.with(deployment: deployment) { sandbox in
            var configuration = GuestSessionLiveTests.configuration(sandbox)
            configuration.heartbeatInterval = .seconds(30)
            configuration.deadSocketTimeout = .seconds(60)
            configuration.responseTimeout = .seconds(10)
            let recorder = FrameRecorder()
            let session = GuestSession(
                configuration: configuration, store: InMemorySessionStore(),
                transport: FrameRecordingTransport(inner: WebSocketGuestTransport(), recorder: recorder))
            let texts = (0..<4).map { "limited-\($0)" }
            try await running(session) { log in
                for text in texts { _ = try await session.send(text: text) }
                try await eventually("every message delivered") { try await session.pending().isEmpty }

                let conversation = try #require(await sandbox.conversations().first)
                let stored = conversation.messages.filter { $0.direction == .inbound }.compactMap(\.message.text)
                #expect(stored == texts, "each message stored once, in order")

                let limited = await log.events.compactMap { event -> (String, Int)? in
                    guard case .rateLimited(let id?, let retryAfter) = event else { return nil }
                    return (id, retryAfter)
                }
                #expect(!limited.isEmpty, "the limit was hit")
                #expect(limited.allSatisfy { $0.1 >= 1 })
                #expect(Set(await log.delivered).count == texts.count)
                #expect(await log.events.allSatisfy { if case .rejected = $0 { false } else { true } })

                // On the wire: after each 429, nothing is sent before retryAfter has passed, and
                // the refused message is written exactly once more.
                let entries = await recorder.entries
                var refusals = 0
                for (index, entry) in entries.enumerated() where entry.direction == .received {
                    guard let frame = try? ServerMessage.decode(from: entry.text),
                        case .tooManyRequestsErrorMessage(let body) = frame.body, let id = frame.tracingId,
                        limited.contains(where: { $0.0 == id })
                    else { continue }
                    refusals += 1
                    #expect(frame.code == 429)
                    let later = entries[(index + 1)...].filter { later in
                        later.direction == .sent && (try? GuestRequest.decode(from: later.text))?.action == .onMessage
                    }
                    let next = try #require(later.first, "something is sent after the pause")
                    let waited = next.at - entry.at
                    #expect(waited >= .seconds(body.retryAfter) - .milliseconds(20), "waited \(waited)")
                    #expect((try? GuestRequest.decode(from: next.text))?.tracingId == id, "the refused one goes first")
                    let resends = later.filter { (try? GuestRequest.decode(from: $0.text))?.tracingId == id }
                    let refusedAgain = entries[(index + 1)...].filter { entry in
                        guard entry.direction == .received, let frame = try? ServerMessage.decode(from: entry.text),
                            case .tooManyRequestsErrorMessage = frame.body
                        else { return false }
                        return frame.tracingId == id
                    }
                    #expect(resends.count == 1 + refusedAgain.count, "sent once after each refusal")
                }
                #expect(refusals == limited.count)
            }
        }
    }
}
