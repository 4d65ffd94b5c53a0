import Foundation
import GuestClient
import Testing

/// A transport whose server accepts the socket, sends garbage, and never answers.
struct SilentGarbageTransport: GuestTransport {
    func withConnection(url: String, _ body: @escaping @Sendable (GuestConnection) async throws -> Void) async throws {
        let (frames, continuation) = AsyncThrowingStream.makeStream(of: String.self)
        let (_, outbound) = AsyncStream.makeStream(of: String.self)
        for garbage in [
            "not json", "{}", #"{"type":"response","class":"NoSuchClass","code":200,"body":{}}"#,
            #"{"type":"message","class":"StructuredMessage","code":200,"body":{"id":5}}"#, "[1,2,3]",
        ] {
            continuation.yield(garbage)
        }
        defer { continuation.finish() }
        try await body(GuestConnection(frames: frames, outbound: outbound))
    }
}

@Suite("Guest session against a misbehaving server")
struct GuestSessionBadServerTests {
    @Test("garbage frames and no answer to configureSession: a timeout per socket, then it gives up cleanly")
    func silentServer() async throws {
        let delays = RecordedDelays()
        var configuration = GuestSessionConfiguration.custom(baseURL: "http://127.0.0.1:9", deploymentId: "d")
        configuration.responseTimeout = .milliseconds(200)
        configuration.reconnect = ReconnectPolicy(base: .milliseconds(10), cap: .milliseconds(10), maxAttempts: 2)
        let session = GuestSession(
            configuration: configuration, store: InMemorySessionStore(), transport: SilentGarbageTransport(),
            sleep: { await delays.record($0) }, random: { 1 })
        let log = EventLog()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await event in session.events { await log.append(event) } }
            await #expect {
                try await session.run()
            } throws: { error in
                (error as? GuestSessionError)?.code == .gaveUp
            }
            group.cancelAll()
        }
        #expect(await delays.delays == [.milliseconds(10), .milliseconds(10)])
        let messages = await log.events.filter { if case .message = $0 { true } else { false } }
        #expect(messages.isEmpty, "garbage is never reported as a message")
        #expect(try await session.pending().isEmpty)
    }
}
