import Foundation
import HummingbirdWSClient
import Logging
import WebMessaging

/// The guest protocol frames the driver sends, encoded by WebMessaging as the guest SDK encodes them.
enum GuestFrames {
    static func configure(token: String, deploymentId: String) throws -> String {
        try GuestRequest.configureSession(ConfigureSessionRequest(token: token, deploymentId: deploymentId))
            .jsonString()
    }

    static func heartbeat(token: String) throws -> String {
        try GuestRequest.echo(EchoRequest(token: token)).jsonString()
    }

    static func text(_ text: String, token: String) throws -> String {
        try GuestRequest.text(text, token: token).jsonString()
    }

    /// Whether a frame answers `configureSession`: the sandbox's `SessionResponse` with code 200, or
    /// (echo mode) any frame.
    static func isConfigured(_ frame: String, echoMode: Bool) -> Bool {
        echoMode || (frame.contains("\"SessionResponse\"") && frame.contains("\"code\":200"))
    }

    /// The WebSocket client configuration of every guest socket (the guest SDK's frame limit and,
    /// when given, its 15 s WebSocket ping).
    static func clientConfiguration(ping: Duration?) -> WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
        if let ping { configuration.autoPing = .enabled(timePeriod: ping) }
        return configuration
    }

    static let logger: Logger = {
        var logger = Logger(label: "guest-load")
        logger.logLevel = .critical
        return logger
    }()
}

/// A failure of one guest socket, for the driver's counts.
struct GuestSocketFailure: Error {
    var reason: String
}
