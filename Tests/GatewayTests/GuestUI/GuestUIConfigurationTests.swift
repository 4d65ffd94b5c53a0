import Testing

@testable import Gateway

@Suite("Guest UI configuration")
struct GuestUIConfigurationTests {
    func resolve(_ values: [String: String]) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration(
            layers: ConfigurationLayers([ConfigurationSource(origin: "environment", values: values)]))
    }

    @Test("Unset, the guest UI is unconfigured and names all three variables")
    func unset() throws {
        let guest = try resolve([:]).guest
        #expect(guest == GuestUIConfiguration())
        #expect(!guest.isComplete)
        #expect(
            guest.missingVariables == [
                "ATTACHE_GUEST_DEPLOYMENT_ID", "ATTACHE_GUEST_WEBSOCKET_URL", "ATTACHE_GUEST_API_URL",
            ])
    }

    @Test("Set values are read, trailing slashes dropped; flags win over the environment")
    func values() throws {
        let layers = ConfigurationLayers([
            ConfigurationSource(
                origin: "command line", values: ["ATTACHE_GUEST_API_URL": "https://api.mypurecloud.de/"]),
            ConfigurationSource(
                origin: "environment",
                values: [
                    "ATTACHE_GUEST_DEPLOYMENT_ID": " 0f3c9e8a-6b1d-4c4e-9d8e-1a2b3c4d5e6f ",
                    "ATTACHE_GUEST_WEBSOCKET_URL": "wss://webmessaging.mypurecloud.de/v1",
                    "ATTACHE_GUEST_API_URL": "https://api.example.com",
                ]),
        ])
        let guest = try GatewayConfiguration(layers: layers).guest
        #expect(guest.deploymentId == "0f3c9e8a-6b1d-4c4e-9d8e-1a2b3c4d5e6f")
        #expect(guest.webSocketURL == "wss://webmessaging.mypurecloud.de/v1")
        #expect(guest.apiURL == "https://api.mypurecloud.de")
        #expect(guest.isComplete)
    }

    @Test(
        "Malformed values are a typed error naming the variable and its origin",
        arguments: [
            ("ATTACHE_GUEST_WEBSOCKET_URL", "https://webmessaging.mypurecloud.com/v1"),
            ("ATTACHE_GUEST_WEBSOCKET_URL", "ws://"),
            ("ATTACHE_GUEST_WEBSOCKET_URL", "webmessaging.mypurecloud.com/v1"),
            ("ATTACHE_GUEST_WEBSOCKET_URL", "wss://host/v1?deploymentId=abc"),
            ("ATTACHE_GUEST_API_URL", "ws://api.mypurecloud.com"),
            ("ATTACHE_GUEST_API_URL", "https://user:pass@api.mypurecloud.com"),
            ("ATTACHE_GUEST_API_URL", "https://api.mypurecloud.com; script-src *"),
            ("ATTACHE_GUEST_API_URL", "ftp://api.mypurecloud.com"),
            ("ATTACHE_GUEST_DEPLOYMENT_ID", "has space"),
            ("ATTACHE_GUEST_DEPLOYMENT_ID", "<script>"),
            ("ATTACHE_GUEST_DEPLOYMENT_ID", String(repeating: "a", count: 129)),
        ])
    func invalid(name: String, value: String) {
        #expect {
            try resolve([name: value])
        } throws: { error in
            guard case .invalidValue(let errorName, _, let origin, _) = error as? ConfigurationError else {
                return false
            }
            return errorName == name && origin == "environment"
        }
    }
}
