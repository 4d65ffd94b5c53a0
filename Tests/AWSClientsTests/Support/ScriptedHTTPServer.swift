import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP server that answers each request with the next scripted reply and records
/// what it received; for testing retries and error handling without a real service.
final class ScriptedHTTPServer: Sendable {
    /// One canned answer.
    struct Reply: Sendable {
        var status: HTTPResponseStatus
        var headers: [(String, String)] = []
        var body: String = ""
        /// Announce this many more body bytes than are sent, then close (a body cut short).
        var truncateBy: Int = 0
    }

    /// What a request looked like.
    struct Received: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: HTTPHeaders
        var bodyBytes: Int
    }

    private let replies: NIOLockedValueBox<[Reply]>
    private let received = NIOLockedValueBox<[Received]>([])
    private let channel: NIOLockedValueBox<(any Channel)?> = NIOLockedValueBox(nil)

    private init(replies: [Reply]) {
        self.replies = NIOLockedValueBox(replies)
    }

    /// Starts a server on 127.0.0.1 with a free port.
    static func start(_ replies: [Reply]) async throws -> ScriptedHTTPServer {
        let server = ScriptedHTTPServer(replies: replies)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        server.channel.withLockedValue { $0 = channel }
        return server
    }

    /// `http://127.0.0.1:PORT`.
    var endpoint: String {
        let port = channel.withLockedValue { $0?.localAddress?.port } ?? 0
        return "http://127.0.0.1:\(port)"
    }

    /// The requests received so far.
    var requests: [Received] { received.withLockedValue { $0 } }

    /// Stops listening.
    func stop() async throws {
        try await channel.withLockedValue { $0 }?.close()
    }

    fileprivate func next(_ request: Received) -> Reply {
        received.withLockedValue { $0.append(request) }
        return replies.withLockedValue { $0.isEmpty ? Reply(status: .internalServerError) : $0.removeFirst() }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: ScriptedHTTPServer
        var head: HTTPRequestHead?
        var bodyBytes = 0

        init(server: ScriptedHTTPServer) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                bodyBytes = 0
            case .body(let buffer):
                bodyBytes += buffer.readableBytes
            case .end:
                guard let head else { return }
                let reply = server.next(
                    Received(method: head.method, uri: head.uri, headers: head.headers, bodyBytes: bodyBytes)
                )
                var headers = HTTPHeaders(reply.headers)
                headers.replaceOrAdd(name: "content-length", value: String(reply.body.utf8.count + reply.truncateBy))
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))),
                    promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
                if reply.truncateBy > 0 {
                    context.flush()
                    context.close(promise: nil)
                } else {
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }
    }
}
