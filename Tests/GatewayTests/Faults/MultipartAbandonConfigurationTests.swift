import Foundation
import Testing

@testable import Gateway

/// `ATTACHE_MULTIPART_ABANDON_HOURS`: how long a multipart upload may stay open in quarantine
/// before the retention sweeper aborts it.
@Suite("Abandoned multipart limit configuration")
struct MultipartAbandonConfigurationTests {
    static func retention(_ values: [String: String]) throws -> RetentionConfiguration {
        try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)])).retention
    }

    @Test("Default 24 hours; read in whole hours")
    func values() throws {
        #expect(try Self.retention([:]).multipartAbandonHours == 24)
        #expect(try Self.retention([:]).multipartAbandonAfter == .seconds(86_400))
        #expect(try Self.retention(["ATTACHE_MULTIPART_ABANDON_HOURS": "72"]).multipartAbandonHours == 72)
    }

    @Test("Bad values are typed configuration errors naming the setting", arguments: ["0", "-3", "1.5", "8761", "day"])
    func rejects(value: String) {
        #expect {
            _ = try Self.retention(["ATTACHE_MULTIPART_ABANDON_HOURS": value])
        } throws: { error in
            guard case .invalidValue(let name, let bad, _, _) = error as? ConfigurationError else { return false }
            return name == "ATTACHE_MULTIPART_ABANDON_HOURS" && bad == value
        }
    }
}
