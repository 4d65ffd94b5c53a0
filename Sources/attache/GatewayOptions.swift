import ArgumentParser
import Foundation
import Gateway

/// The gateway's command-line flags; each maps to the environment variable of the same meaning.
struct GatewayOptions: ParsableArguments {
    @Option(help: "Configuration file of NAME=value lines (env: ATTACHE_CONFIG).")
    var config: String?

    @Option(help: "Listen address (env: ATTACHE_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Listen port, 0 for any free port (env: ATTACHE_PORT, default 8080).")
    var port: String?

    @Option(help: "The gateway's external base URL (env: ATTACHE_PUBLIC_URL).")
    var publicURL: String?

    @Option(help: "sqlite:PATH or postgres://… (env: ATTACHE_DATABASE_URL, default sqlite:.attache/attache.sqlite).")
    var databaseURL: String?

    @Option(help: "s3 or local:PATH (env: ATTACHE_STORE, default local:.attache/objects).")
    var store: String?

    @Option(help: "S3 quarantine bucket (env: ATTACHE_QUARANTINE_BUCKET).")
    var quarantineBucket: String?

    @Option(help: "S3 clean bucket (env: ATTACHE_CLEAN_BUCKET).")
    var cleanBucket: String?

    @Option(help: "SQS queue URL receiving the quarantine bucket's events (env: ATTACHE_QUEUE_URL).")
    var queueURL: String?

    @Option(help: "clamd address, tcp://HOST:PORT or unix:PATH (env: ATTACHE_CLAMD).")
    var clamd: String?

    @Option(help: "Genesys Cloud platform API base URL (env: ATTACHE_GENESYS_URL).")
    var genesysURL: String?

    @Option(help: "Messenger deployment id the guest UI connects with (env: ATTACHE_GUEST_DEPLOYMENT_ID).")
    var guestDeploymentId: String?

    @Option(
        name: .customLong("guest-websocket-url"),
        help: "Guest WebSocket URL, wss://webmessaging.REGION/v1 (env: ATTACHE_GUEST_WEBSOCKET_URL).")
    var guestWebSocketURL: String?

    @Option(
        name: .customLong("guest-api-url"),
        help: "Genesys API base URL for guest history, https://api.REGION (env: ATTACHE_GUEST_API_URL).")
    var guestAPIURL: String?

    @Option(help: "trace, debug, info, notice, warning, error, critical (env: ATTACHE_LOG_LEVEL, default info).")
    var logLevel: String?

    @Option(help: "text or json (env: ATTACHE_LOG_FORMAT, default text).")
    var logFormat: String?

    /// The flags that were given, keyed by environment-variable name.
    var flagSource: ConfigurationSource {
        let pairs: [(String, String?)] = [
            ("ATTACHE_HOST", host), ("ATTACHE_PORT", port), ("ATTACHE_PUBLIC_URL", publicURL),
            ("ATTACHE_DATABASE_URL", databaseURL), ("ATTACHE_STORE", store),
            ("ATTACHE_QUARANTINE_BUCKET", quarantineBucket), ("ATTACHE_CLEAN_BUCKET", cleanBucket),
            ("ATTACHE_QUEUE_URL", queueURL), ("ATTACHE_CLAMD", clamd), ("ATTACHE_GENESYS_URL", genesysURL),
            ("ATTACHE_LOG_LEVEL", logLevel), ("ATTACHE_LOG_FORMAT", logFormat),
            ("ATTACHE_GUEST_DEPLOYMENT_ID", guestDeploymentId), ("ATTACHE_GUEST_WEBSOCKET_URL", guestWebSocketURL),
            ("ATTACHE_GUEST_API_URL", guestAPIURL),
        ]
        var values: [String: String] = [:]
        for (name, value) in pairs { if let value { values[name] = value } }
        return ConfigurationSource(origin: "command line", values: values)
    }

    /// Resolves flags > environment > configuration file into one configuration.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfiguration {
        var sources = [flagSource, .environment(environment)]
        if let path = config ?? environment["ATTACHE_CONFIG"] {
            sources.append(try ConfigurationSource.file(at: path))
        }
        do {
            return try GatewayConfiguration(layers: ConfigurationLayers(sources))
        } catch {
            throw ValidationError(error.description)
        }
    }
}
