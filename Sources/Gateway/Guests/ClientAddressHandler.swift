import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A channel handler that writes the client's address into every request as the internal header
/// ``ClientAddressHandler/header`` (replacing whatever a client sent under that name): the
/// connection's peer address, or, when the peer is a trusted proxy, the client address it
/// forwarded (``TrustedProxies``). Rate limiting per client address reads that header.
///
/// Install it on the HTTP server (`.http1(additionalChannelHandlers:)`), as ``GatewayServer``
/// does; without it the header is absent and every client counts as `unknown`.
final class ClientAddressHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// `X-Attache-Client-Address`.
    static let header = HTTPField.Name("X-Attache-Client-Address")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    let trustedProxies: TrustedProxies

    init(trustedProxies: TrustedProxies) {
        self.trustedProxies = trustedProxies
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        let address = trustedProxies.clientAddress(
            peer: context.channel.remoteAddress?.ipAddress,
            forwardedFor: head.headerFields[values: Self.forwardedFor])
        head.headerFields[Self.header] = address
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
