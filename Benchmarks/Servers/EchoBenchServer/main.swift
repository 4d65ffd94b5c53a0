import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

// EchoBenchServer: a plain Hummingbird WebSocket echo server, the reference of the `sessions`
// and `roundtrip` figures. It upgrades `GET /v1` (any query, as the sandbox's guest route takes
// `?deploymentId=`) with the same frame-size limit as the sandbox's guest socket (4 MiB) and
// writes every text frame back unchanged; nothing else (no JSON, no state, no logging per frame).
//
// ATTACHE_BENCH_ECHO_PORT (default 0: a free port) is the port; prints `listening PORT` on
// standard output once it accepts connections. Logs (warnings and worse) go to standard error.
let environment = ProcessInfo.processInfo.environment
let port = environment["ATTACHE_BENCH_ECHO_PORT"].flatMap(Int.init) ?? 0
var logger = Logger(label: "echo-bench")
logger.logLevel = .warning

let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
webSocketRouter.ws("/v1") { inbound, outbound, _ in
    for try await message in inbound.messages(maxSize: 4 << 20) {
        if case .text(let text) = message {
            try await outbound.write(.text(text))
        }
    }
}
let app = Application(
    router: Router(),
    server: .http1WebSocketUpgrade(
        webSocketRouter: webSocketRouter,
        configuration: .init(ws: .init(maxFrameSize: 4 << 20))
    ),
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "echo-bench"),
    onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        FileHandle.standardOutput.write(Data("listening \(bound)\n".utf8))
    },
    logger: logger
)
try await app.runService()
