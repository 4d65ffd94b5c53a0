import Foundation
import NIOCore

/// One Server-Sent Events stream of a file's state: an event for the current state, then one
/// per change (signalled by the ``UploadStateBroadcaster`` or seen by polling), ending after a
/// final state or the stream's lifetime. Comments keep idle connections alive.
struct UploadEventStream: Sendable {
    let service: UploadService
    let guestId: String
    let fileId: String
    let first: UploadRecord
    let pollInterval: Duration
    let lifetime: Duration

    /// Writes the stream through `write` until it ends.
    func run(_ write: (ByteBuffer) async throws -> Void) async throws {
        var last = UploadAPI.StatusResponse(first)
        var sequence = 1
        try await write(ByteBuffer(string: "retry: 3000\n\n" + Self.event(last, id: sequence)))
        if last.state.isFinal { return }
        let (ticks, tick) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(1))
        let signals = await service.broadcaster?.subscribe(fileId: fileId)
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let signals {
                group.addTask {
                    for await _ in signals { tick.yield(true) }
                }
            }
            group.addTask { [pollInterval, lifetime] in
                let end = ContinuousClock.now + lifetime
                while ContinuousClock.now < end {
                    try await Task.sleep(for: pollInterval)
                    tick.yield(false)
                }
                tick.finish()
            }
            var idleTicks = 0
            for await _ in ticks {
                let current = UploadAPI.StatusResponse(try await service.owned(fileId, by: guestId))
                if current.state != last.state || current.reason != last.reason {
                    sequence += 1
                    last = current
                    idleTicks = 0
                    try await write(ByteBuffer(string: Self.event(current, id: sequence)))
                    if current.state.isFinal { break }
                } else {
                    idleTicks += 1
                    if idleTicks % 8 == 0 { try await write(ByteBuffer(string: ": keep-alive\n\n")) }
                }
            }
            group.cancelAll()
        }
    }

    static func event(_ status: UploadAPI.StatusResponse, id: Int) -> String {
        let data = (try? UploadHandlers.encoder.encode(status)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(id)\nevent: state\ndata: \(data)\n\n"
    }
}
