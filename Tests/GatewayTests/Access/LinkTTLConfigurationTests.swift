import Testing

@testable import Gateway

@Suite("ATTACHE_LINK_TTL_SECONDS")
struct LinkTTLConfigurationTests {
    static func configuration(_ value: String?) throws(ConfigurationError) -> GatewayConfiguration {
        var values: [String: String] = [:]
        if let value { values["ATTACHE_LINK_TTL_SECONDS"] = value }
        return try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
    }

    @Test("Default 60 s; 1 … 3600 accepted")
    func accepted() throws {
        #expect(try Self.configuration(nil).linkTTLSeconds == 60)
        #expect(try Self.configuration("1").linkTTLSeconds == 1)
        #expect(try Self.configuration(" 300 ").linkTTLSeconds == 300)
        #expect(try Self.configuration("3600").linkTTLSeconds == 3600)
    }

    @Test(
        "Out of range or not a number: a configuration error naming the variable",
        arguments: ["0", "3601", "-5", "1m", "60.5"])
    func rejected(value: String) {
        #expect {
            _ = try Self.configuration(value)
        } throws: { error in
            "\(error)".contains("ATTACHE_LINK_TTL_SECONDS")
        }
    }
}
