import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with an interim `100 Continue` as soon as the request head
/// arrives, so a client that waits for it before sending a body (curl for bodies over 1 MiB,
/// several S3 SDKs for `PutObject`/`UploadPart`) does not sit out its timeout (curl: 1 s) before
/// every upload. Any other expectation is left to the route (RFC 9110 §10.1.1 allows a server
/// to ignore it); the final answer, whatever it is, follows as usual.
///
/// Install it on the HTTP server (`.http1(additionalChannelHandlers:)`), as ``GatewayServer``
/// does.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data),
            head.headerFields[values: .expect].contains(where: { $0.lowercased() == "100-continue" })
        {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }
}
