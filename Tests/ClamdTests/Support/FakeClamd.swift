import Clamd
import NIOCore
import NIOPosix

/// A misbehaving stand-in for clamd on a loopback port, for the failures a real clamd will not
/// produce on demand: silence, stalls, early hang-ups and nonsense replies.
struct FakeClamd {
    enum Behavior: Sendable, Equatable {
        /// Reads everything, never answers.
        case silent
        /// Accepts the connection but never reads, so the client's writes back up.
        case stall
        /// Closes the connection once this many bytes have arrived.
        case hangUp(afterBytes: Int)
        /// Sends this reply (a NUL is appended) as soon as anything arrives, then closes.
        case reply(String)
    }

    let channel: any Channel
    let address: ClamdAddress

    init(_ behavior: Behavior) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: behavior != .stall)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeClamdHandler(behavior: behavior))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        address = .tcp(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)
    }

    /// Closes the listening socket (connections already accepted end with their clients).
    func stop() {
        channel.close(promise: nil)
    }
}

private final class FakeClamdHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let behavior: FakeClamd.Behavior
    var received = 0
    var replied = false

    init(behavior: FakeClamd.Behavior) {
        self.behavior = behavior
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        switch behavior {
        case .silent, .stall:
            break
        case .hangUp(let limit):
            if received >= limit { context.close(promise: nil) }
        case .reply(let text):
            guard !replied else { return }
            replied = true
            var buffer = context.channel.allocator.buffer(capacity: text.utf8.count + 1)
            buffer.writeString(text)
            buffer.writeInteger(UInt8(0))
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
