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
    static func connect(gateway: inout GatewayConfiguration, sandbox: inout SandboxConfiguration) {
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

    /// 32 random bytes as hex.
    static func randomSecret() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
    }
}
