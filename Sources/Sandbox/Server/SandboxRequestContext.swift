import Hummingbird
import HummingbirdWebSocket

/// The request context of every sandbox route (guest, history and platform): a basic context that
/// can also upgrade to a WebSocket.
public struct SandboxRequestContext: RequestContext, WebSocketRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The WebSocket handler chosen by the upgrade route.
    public let webSocket: WebSocketHandlerReference<SandboxRequestContext>

    /// Creates a context for a request on a channel.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
    }
}
