import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP forwarder on a fixed loopback port to a real service (moto), which the test can switch
/// off and on: off closes the listening socket and every open connection, so the port refuses
/// connections as a service that is down does; on listens on the same port again.
final class SwitchableForwarder: Sendable {
    /// The port it listens on when on.
    let port: Int
    private let targetHost: String
    private let targetPort: Int
    private let state = NIOLockedValueBox<(server: (any Channel)?, connections: [ObjectIdentifier: any Channel])>(
        (nil, [:]))

    /// Forwards `127.0.0.1:port` to `targetHost:targetPort` (not listening until ``switchOn()``).
    init(port: Int, targetHost: String, targetPort: Int) {
        self.port = port
        self.targetHost = targetHost
        self.targetPort = targetPort
    }

    /// A forwarder switched on at the first port of `ports` it can bind. A port nobody listens
    /// on can still be taken: an outgoing connection may hold it as its ephemeral source port
    /// (Linux hands out 32768-60999), so each candidate is tried rather than probed.
    static func switchedOn(
        ports: ClosedRange<Int>, targetHost: String, targetPort: Int
    ) async throws
        -> SwitchableForwarder
    {
        var failures: [String] = []
        for port in ports {
            let forwarder = SwitchableForwarder(port: port, targetHost: targetHost, targetPort: targetPort)
            do {
                try await forwarder.switchOn()
                return forwarder
            } catch {
                failures.append("\(port): \(error)")
            }
        }
        throw FailureTestError("no port of \(ports) could be bound for the forwarder: \(failures)")
    }

    /// `http://127.0.0.1:PORT`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Listens (again).
    func switchOn() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let (host, port) = (targetHost, targetPort)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(RelayHandler(partner: inbound))
                        }
                    }
                    .connect(host: host, port: port)
                    .flatMapThrowing { outbound in
                        try inbound.pipeline.syncOperations.addHandler(RelayHandler(partner: outbound))
                        self.track(inbound)
                        self.track(outbound)
                    }
            }
            .bind(host: "127.0.0.1", port: self.port).get()
        state.withLockedValue { $0.server = server }
    }

    /// Stops listening and drops every connection.
    func switchOff() async {
        let (server, connections) = state.withLockedValue { state in
            defer { state = (nil, [:]) }
            return (state.server, Array(state.connections.values))
        }
        try? await server?.close()
        for connection in connections { try? await connection.close() }
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: id) }
        }
    }
}

/// Copies what one side reads to its partner and closes the partner when it closes.
private final class RelayHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let partner: any Channel

    init(partner: any Channel) { self.partner = partner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
