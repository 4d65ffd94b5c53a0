import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A plain TCP connection to a test server, for what an HTTP client library hides: interim
/// responses, and when the server closes the connection.
struct RawHTTPConnection {
    /// Writes text to the connection.
    typealias Send = (String) async throws -> Void

    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Connects to 127.0.0.1:`port`.
    static func connect(port: Int) async throws -> RawHTTPConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawHTTPConnection(channel: channel)
    }

    /// Sends `text` in the order of the calls; reads everything the server sends into `received`
    /// until it closes the connection or `seconds` pass. Returns what arrived and whether the
    /// server closed the connection.
    func exchange(
        seconds: Int = 60, _ script: @escaping @Sendable (_ send: Send, _ received: () -> String) async throws -> Void
    ) async throws -> (received: String, closedByServer: Bool) {
        let transcript = Transcript()
        let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { [channel] in
                try await channel.executeThenClose { inbound, outbound in
                    try await withThrowingTaskGroup(of: Void.self) { inner in
                        inner.addTask {
                            try await script(
                                { text in try await outbound.write(ByteBuffer(string: text)) },
                                { transcript.text })
                        }
                        for try await buffer in inbound { transcript.append(String(buffer: buffer)) }
                        inner.cancelAll()
                    }
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = try await group.next() ?? false
            if !first { try? await channel.channel.close() }
            group.cancelAll()
            return first
        }
        return (transcript.text, closed)
    }
}

/// What the server sent so far, readable while it arrives.
final class Transcript: Sendable {
    private let storage = NIOLockedValueBox("")
    var text: String { storage.withLockedValue { $0 } }
    func append(_ more: String) { storage.withLockedValue { $0 += more } }
}
