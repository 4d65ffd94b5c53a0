import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import WebMessaging

/// The guest WebSocket endpoint, `GET /v1?deploymentId=…` with an upgrade.
///
/// An unknown or missing deployment id refuses the upgrade with HTTP 403, as Genesys does (its SDKs
/// treat a 403 on the upgrade as "access denied" and do not retry).
enum GuestSocketRoute {
    /// The path guests connect to.
    static let path: RouterPath = "/v1"

    /// Adds the upgrade route to the WebSocket router.
    static func register(on router: Router<SandboxRequestContext>, state: SandboxState, logger: Logger) {
        router.ws(
            path,
            shouldUpgrade: { request, _ in
                guard deployment(of: request, in: state) != nil else { throw HTTPError(.forbidden) }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, context in
                guard let deployment = deployment(of: context.request, in: state) else { return }
                let (connection, stream) = await state.register()
                var connectionLogger = logger
                connectionLogger[metadataKey: "guest.connection"] = "\(connection)"
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for await item in stream {
                                switch item {
                                case .frame(let message):
                                    guard let text = try? message.jsonString() else { continue }
                                    try await outbound.write(.text(text))
                                case .close:
                                    try await outbound.close(.normalClosure, reason: nil)
                                    return
                                }
                            }
                        } catch {
                            // The socket is gone; the reader ends too.
                        }
                    }
                    var handler = GuestSocketHandler(
                        state: state, connection: connection, deployment: deployment, logger: connectionLogger
                    )
                    do {
                        for try await message in inbound.messages(maxSize: GuestSocketHandler.maxFrameBytes) {
                            switch message {
                            case .text(let text): await handler.handle(text: text)
                            case .binary: await handler.handleBinary()
                            }
                        }
                    } catch {
                        connectionLogger.debug("guest socket ended", metadata: ["error.type": "\(type(of: error))"])
                    }
                    await state.unregister(connection)
                    await group.waitForAll()
                }
            })
    }

    /// The configured deployment named by `?deploymentId=`, if any.
    static func deployment(of request: Request, in state: SandboxState) -> DeploymentConfiguration? {
        guard let id = request.uri.queryParameters["deploymentId"] else { return nil }
        return state.configuration.deployment(id: String(id))
    }
}
