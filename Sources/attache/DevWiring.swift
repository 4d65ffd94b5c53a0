import Foundation
import Gateway
import Sandbox

/// How `attache dev` connects the gateway and the sandbox when the configuration leaves it open:
/// the gateway calls the sandbox as its Genesys platform API, and the sandbox's trigger rules
/// call the gateway's Data Action endpoints, both with shared secrets made for this process.
///
/// Anything configured explicitly (a Genesys URL, a Data Action secret, trigger rules in the
/// sandbox file) is left as it is.
enum DevWiring {
    /// Fills the open ends of both configurations.
    /// - Parameters:
    ///   - gateway: the gateway configuration; gains the sandbox as Genesys URL, OAuth client and a
    ///     Data Action secret when unset.
    ///   - sandbox: the sandbox configuration; gains Attaché's standard trigger rules when it has none.
    ///
    /// The guest UI gets the sandbox's first deployment, its WebSocket (`ws://HOST:PORT/v1`) and its
    /// API base (`http://HOST:PORT`), each only when unset.
    static func connect(gateway: inout GatewayConfiguration, sandbox: inout SandboxConfiguration) {
        connectGuestUI(&gateway.guest, sandbox: sandbox)
        if gateway.genesysURL == nil, let client = sandbox.oauthClients.first {
            gateway.genesysURL = sandbox.publicURL ?? "http://\(sandbox.host):\(sandbox.port)"
            gateway.genesysClientID = client.id
            gateway.genesysClientSecret = client.secret
        }
        let secret = gateway.dataActionSecret ?? randomSecret()
        gateway.dataActionSecret = secret
        if sandbox.platform.triggerRules.isEmpty {
            sandbox.platform.triggerRules = TriggerRule.attacheDefaults(gatewayURL: gateway.baseURL(), secret: secret)
        }
    }

    /// Fills the guest UI's open settings from the sandbox.
    static func connectGuestUI(_ guest: inout GuestUIConfiguration, sandbox: SandboxConfiguration) {
        let base = sandboxBaseURL(sandbox)
        if guest.deploymentId == nil { guest.deploymentId = sandbox.deployments.first?.id }
        if guest.apiURL == nil { guest.apiURL = base }
        if guest.webSocketURL == nil {
            let socket =
                base.hasPrefix("https://")
                ? "wss://" + base.dropFirst("https://".count)
                : "ws://" + base.dropFirst("http://".count)
            guest.webSocketURL = socket + "/v1"
        }
    }

    /// The sandbox's base URL without a trailing slash: its public URL, else its listen address.
    static func sandboxBaseURL(_ sandbox: SandboxConfiguration) -> String {
        var base = sandbox.publicURL ?? "http://\(sandbox.host):\(sandbox.port)"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// 32 random bytes as hex.
    static func randomSecret() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
    }
}
