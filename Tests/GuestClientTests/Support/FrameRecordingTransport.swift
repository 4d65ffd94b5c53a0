import Foundation
import GuestClient
import WebMessaging

/// Every frame of every connection, in and out, with the time it passed the transport.
actor FrameRecorder {
    enum Direction: Sendable { case sent, received }

    struct Entry: Sendable {
        let at: ContinuousClock.Instant
        let direction: Direction
        let text: String
    }

    private(set) var entries: [Entry] = []

    func record(_ direction: Direction, _ text: String) {
        entries.append(Entry(at: .now, direction: direction, text: text))
    }
}

/// Wraps a transport and records the frames of its connections in a ``FrameRecorder``.
struct FrameRecordingTransport: GuestTransport {
    let inner: any GuestTransport
    let recorder: FrameRecorder

    func withConnection(url: String, _ body: @escaping @Sendable (GuestConnection) async throws -> Void) async throws {
        let recorder = self.recorder
        try await inner.withConnection(url: url) { connection in
            let (frames, frameSink) = AsyncThrowingStream.makeStream(of: String.self)
            let (outbound, outboundSink) = AsyncStream.makeStream(of: String.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await frame in connection.frames {
                            await recorder.record(.received, frame)
                            frameSink.yield(frame)
                        }
                        frameSink.finish()
                    } catch {
                        frameSink.finish(throwing: error)
                    }
                }
                group.addTask {
                    for await text in outbound {
                        await recorder.record(.sent, text)
                        connection.send(text)
                    }
                }
                defer { group.cancelAll() }
                try await body(GuestConnection(frames: frames, outbound: outboundSink))
            }
        }
    }
}
