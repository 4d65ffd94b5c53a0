import Testing

@testable import Gateway

@Suite("ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS")
struct ListingCacheConfigurationTests {
    static func configuration(_ value: String?) throws(ConfigurationError) -> GatewayConfiguration {
        var values: [String: String] = [:]
        if let value { values["ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS"] = value }
        return try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
    }

    @Test("Default 5 s; 0 (off) … 60 accepted")
    func accepted() throws {
        #expect(try Self.configuration(nil).access.listingCacheLifetime == .seconds(5))
        #expect(try Self.configuration("0").access.listingCacheLifetime == .zero)
        #expect(try Self.configuration(" 12 ").access.listingCacheLifetime == .seconds(12))
        #expect(try Self.configuration("60").access.listingCacheLifetime == .seconds(60))
    }

    @Test(
        "Out of range or not a number: a configuration error naming the variable and the range",
        arguments: ["61", "-1", "5s", "1.5"])
    func rejected(value: String) {
        #expect {
            _ = try Self.configuration(value)
        } throws: { error in
            "\(error)".contains("ATTACHE_LIST_PARTICIPANT_CACHE_SECONDS") && "\(error)".contains("0-60")
        }
    }
}
