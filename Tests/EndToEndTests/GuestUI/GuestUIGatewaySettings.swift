import Foundation
import Gateway
import Sandbox

/// The gateway settings of the guest UI stack, as `attache dev` derives them from the sandbox
/// (DevWiring): the sandbox is the Genesys platform (OAuth client) and the guest page's
/// deployment, WebSocket and API; the widget is embedded in the sandbox's agent console.
///
/// Everything is a configuration variable, so the settings go through the same parsing as a
/// deployment's environment.
enum GuestUIGatewaySettings {
    /// The Data Action secret shared by the gateway and the sandbox's trigger rules.
    static let dataActionSecret = "guest-ui-e2e-data-action-secret-0123456789"
    /// Multipart part size for the tests: S3's minimum, so that 30 MiB is six parts.
    static let partSize = "5MiB"

    /// The variables for a gateway on `gatewayURL` next to a sandbox on `sandboxPort`.
    /// - Parameters:
    ///   - directory: a private directory for the SQLite state (and the embedded store's objects).
    ///   - storeValues: the store's variables (`ATTACHE_STORE=s3`, buckets, endpoints, clamd), or
    ///     empty for the embedded store.
    static func values(
        gatewayURL: String, gatewayPort: Int, sandboxPort: Int, directory: URL, storeValues: [String: String]
    ) -> [String: String] {
        let sandboxURL = "http://127.0.0.1:\(sandboxPort)"
        var values = [
            "ATTACHE_HOST": "127.0.0.1",
            "ATTACHE_PORT": String(gatewayPort),
            "ATTACHE_PUBLIC_URL": gatewayURL,
            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite",
            "ATTACHE_STORE": "local:\(directory.path)/objects",
            "ATTACHE_GENESYS_URL": sandboxURL,
            "ATTACHE_GENESYS_CLIENT_ID": GenesysSandboxHarness.client.id,
            "ATTACHE_GENESYS_CLIENT_SECRET": GenesysSandboxHarness.client.secret,
            "ATTACHE_DATA_ACTION_SECRET": dataActionSecret,
            "ATTACHE_WIDGET_CLIENT_ID": ImplicitGrantClient.attacheWidgetId,
            "ATTACHE_WIDGET_FRAME_ANCESTORS": sandboxURL,
            "ATTACHE_PART_SIZE": partSize,
            "ATTACHE_LOG_LEVEL": "warning",
            // One recovery pass at start-up, none during a test.
            "ATTACHE_RECOVERY_INTERVAL_SECONDS": "3600",
        ]
        values.merge(guestValues(sandboxPort: sandboxPort)) { _, new in new }
        values.merge(storeValues) { _, new in new }
        return values
    }

    /// The guest page's connection (`ATTACHE_GUEST_*`): the sandbox's deployment, guest WebSocket
    /// and API base, as `attache dev` fills them.
    static func guestValues(sandboxPort: Int) -> [String: String] {
        [
            "ATTACHE_GUEST_DEPLOYMENT_ID": GenesysSandboxHarness.deployment.id,
            "ATTACHE_GUEST_WEBSOCKET_URL": "ws://127.0.0.1:\(sandboxPort)/v1",
            "ATTACHE_GUEST_API_URL": "http://127.0.0.1:\(sandboxPort)",
        ]
    }

    /// The sandbox's platform side as `attache dev` configures it: Attaché's trigger rules
    /// calling the gateway's Data Actions, and the gateway's widget in the agent console.
    static func platform(gatewayURL: String) -> PlatformConfiguration {
        var platform = PlatformConfiguration(
            triggerRules: TriggerRule.attacheDefaults(gatewayURL: gatewayURL, secret: dataActionSecret))
        platform.embedAttacheWidget(gatewayURL: gatewayURL)
        return platform
    }
}
