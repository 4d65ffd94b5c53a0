import Foundation
import GuestClient
import NIOConcurrencyHelpers
import Sandbox
import Testing
import WebMessaging

/// Native attachments when the socket dies at the worst moments, against the sandbox.
@Suite("Native attachments across dropped sockets", .timeLimit(.minutes(2)))
struct NativeAttachmentDropTests {
    /// Where the first connection dies.
    enum Moment: Sendable {
        /// Right after `onAttachment` was written, before its answer.
        case afterOnAttachment
        /// When `UploadSuccessEvent` arrives; the event is lost with the socket.
        case atUploadSuccess
        /// Never: every `onAttachment` is swallowed instead (a server that never answers).
        case swallowOnAttachment
    }

    /// Cuts the first connection at `moment`; later connections are left alone.
    final class DroppingTransport: GuestTransport {
        let inner: any GuestTransport
        let moment: Moment
        let dropped = NIOLockedValueBox(false)

        init(inner: any GuestTransport, moment: Moment) {
            self.inner = inner
            self.moment = moment
        }

        struct Dropped: Error {}

        func takeDrop() -> Bool {
            dropped.withLockedValue { done in
                defer { done = true }
                return !done
            }
        }

        func withConnection(
            url: String, _ body: @escaping @Sendable (GuestConnection) async throws -> Void
        ) async throws {
            try await inner.withConnection(url: url) { connection in
                let (frames, frameSink) = AsyncThrowingStream.makeStream(of: String.self)
                let (outbound, outboundSink) = AsyncStream.makeStream(of: String.self)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await frame in connection.frames {
                            let message = try? ServerMessage.decode(from: frame)
                            if self.moment == .atUploadSuccess, case .uploadSuccessEvent? = message?.body,
                                self.takeDrop()
                            {
                                throw Dropped()
                            }
                            frameSink.yield(frame)
                        }
                        frameSink.finish()
                    }
                    group.addTask {
                        for await text in outbound {
                            let request = try? GuestRequest.decode(from: text)
                            if self.moment == .swallowOnAttachment, request?.action == .onAttachment { continue }
                            connection.send(text)
                            if self.moment == .afterOnAttachment, request?.action == .onAttachment, self.takeDrop() {
                                throw Dropped()
                            }
                        }
                    }
                    group.addTask { try await body(GuestConnection(frames: frames, outbound: outboundSink)) }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            }
        }
    }

    @Test(
        "A socket that dies after onAttachment, or takes the UploadSuccessEvent with it: the file still arrives once",
        arguments: [Moment.afterOnAttachment, .atUploadSuccess])
    func survivesDrop(moment: Moment) async throws {
        let url = try NativeAttachmentLiveTests.file("statement.pdf", bytes: 10_000)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: NativeAttachmentLiveTests.deployment) { sandbox in
            var configuration = GuestSessionLiveTests.configuration(sandbox)
            configuration.responseTimeout = .milliseconds(500)
            let transport = DroppingTransport(inner: WebSocketGuestTransport(), moment: moment)
            let session = GuestSession(
                configuration: configuration, store: InMemorySessionStore(), transport: transport)
            try await running(session) { log in
                let sent = try await session.sendNativeAttachment(fileURL: url)
                #expect(transport.dropped.withLockedValue { $0 }, "the socket was cut")
                try await eventually("delivered") { await log.delivered.contains(sent.clientMessageId) }
                let carrying = await sandbox.conversations().flatMap(\.messages).filter { record in
                    record.direction == .inbound && record.message.attachments.contains { $0.id == sent.attachmentId }
                }
                #expect(carrying.count == 1)
                let stored = try #require(await sandbox.state.attachment(id: sent.attachmentId))
                #expect(stored.data == (try Data(contentsOf: url)))
            }
        }
    }

    @Test("A server that never answers onAttachment: a typed timeout within attachmentTimeout, nothing queued")
    func neverAnswered() async throws {
        let url = try NativeAttachmentLiveTests.file("statement.pdf", bytes: 1_000)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try await LiveSandbox.with(deployment: NativeAttachmentLiveTests.deployment) { sandbox in
            var configuration = GuestSessionLiveTests.configuration(sandbox)
            configuration.attachmentTimeout = .seconds(1)
            let transport = DroppingTransport(inner: WebSocketGuestTransport(), moment: .swallowOnAttachment)
            let session = GuestSession(
                configuration: configuration, store: InMemorySessionStore(), transport: transport)
            try await running(session) { _ in
                let started = ContinuousClock.now
                do {
                    _ = try await session.sendNativeAttachment(fileURL: url)
                    Issue.record("sent without an answer")
                } catch let error as NativeAttachmentError {
                    #expect(error.kind == .timeout, "\(error)")
                }
                #expect(ContinuousClock.now - started < .seconds(10))
                #expect(try await session.pending().isEmpty)
            }
        }
    }
}
