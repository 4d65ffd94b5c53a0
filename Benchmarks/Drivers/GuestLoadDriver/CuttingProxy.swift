import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback TCP proxy whose connections can all be cut at once: the `reconnect` figure's forced
/// drop. Each accepted connection is paired with a connection to the backend and bytes are
/// forwarded both ways unchanged (WebSocket upgrades and HTTP alike); ``cut()`` closes both sockets
/// of every pair with `SO_LINGER` 0, so each peer gets a TCP reset, as when a network path dies
/// under a connection that the kernel still reports. New connections are accepted as before.
final class CuttingProxy: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let pairs: Pairs

    /// The port the proxy listens on (127.0.0.1).
    let port: Int

    /// Starts a proxy on a free 127.0.0.1 port to `backendHost`:`backendPort`.
    init(backendHost: String, backendPort: Int) async throws {
        // One loop: every pair lives on it, so a cut is one pass on one thread.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pairs = Pairs()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { outbound in
                        outbound.pipeline.addHandler(Forwarder(partner: inbound))
                    }
                    .connect(host: backendHost, port: backendPort)
                    .flatMap { outbound in
                        pairs.add(inbound, outbound)
                        return inbound.pipeline.addHandler(Forwarder(partner: outbound))
                    }
            }
        do {
            listener = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
        self.pairs = pairs
        port = listener.localAddress?.port ?? 0
    }

    /// Resets every open connection (both sides of each pair) in one pass on the proxy's event
    /// loop; returns how many sockets were cut.
    @discardableResult
    func cut() async -> Int {
        let channels = pairs.takeAll()
        try? await listener.eventLoop.submit {
            for channel in channels {
                // On the loop the option is set at once (the future is already complete).
                _ = (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                channel.close(promise: nil)
            }
        }.get()
        return channels.count
    }

    /// Closes the listener and every connection.
    func stop() async {
        await cut()
        try? await listener.close()
        try? await group.shutdownGracefully()
    }
}

/// The proxy's open sockets, both sides of each pair.
private final class Pairs: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ inbound: any Channel, _ outbound: any Channel) {
        channels.withLock {
            $0[ObjectIdentifier(inbound)] = inbound
            $0[ObjectIdentifier(outbound)] = outbound
        }
        // A pair that ends by itself leaves the registry.
        for channel in [inbound, outbound] {
            let key = ObjectIdentifier(channel)
            channel.closeFuture.whenComplete { [weak self] _ in
                self?.channels.withLock { _ = $0.removeValue(forKey: key) }
            }
        }
    }

    func takeAll() -> [any Channel] {
        channels.withLock { all in
            defer { all = [:] }
            return Array(all.values)
        }
    }
}

/// Writes what one side reads to the other side, and closes the other side when this one ends.
private final class Forwarder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let partner: any Channel

    init(partner: any Channel) {
        self.partner = partner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.write(unwrapInboundIn(data), promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
