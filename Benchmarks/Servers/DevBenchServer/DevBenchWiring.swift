import Foundation
import Gateway
import Sandbox

/// `DevWiring` of Sources/attache/DevWiring.swift, line for line (that file is in the executable
/// target, which a package cannot import): the gateway calls the sandbox as its Genesys platform
/// API, the sandbox's trigger rules call the gateway's Data Actions with a shared secret, and the
/// guest UI settings point at the sandbox.
enum DevBenchWiring {
    static func connect(gateway: inout GatewayConfiguration, sandbox: inout SandboxConfiguration) {
        var base = sandbox.publicURL ?? "http://\(sandbox.host):\(sandbox.port)"
        while base.hasSuffix("/") { base.removeLast() }
        if gateway.guest.deploymentId == nil { gateway.guest.deploymentId = sandbox.deployments.first?.id }
        if gateway.guest.apiURL == nil { gateway.guest.apiURL = base }
        if gateway.guest.webSocketURL == nil {
            let socket =
                base.hasPrefix("https://")
                ? "wss://" + base.dropFirst("https://".count)
                : "ws://" + base.dropFirst("http://".count)
            gateway.guest.webSocketURL = socket + "/v1"
        }
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

    static func randomSecret() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
    }
}
