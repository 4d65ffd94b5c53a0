import Foundation
import Gateway
import Testing

@Suite("GatewayConfiguration.embedded")
struct GatewayConfigurationEmbeddedTests {
    @Test("State and objects live in the directory; given values are layered on top and may replace them")
    func rootedInDirectory() throws {
        let directory = URL(fileURLWithPath: "/tmp/attache-embedded-example")
        let plain = try GatewayConfiguration.embedded(
            in: directory, values: ["ATTACHE_PUBLIC_URL": "http://127.0.0.1:9"])
        #expect(plain.database.description == "sqlite:/tmp/attache-embedded-example/state.sqlite")
        #expect(plain.publicURL == "http://127.0.0.1:9")
        let replaced = try GatewayConfiguration.embedded(
            in: directory, values: ["ATTACHE_DATABASE_URL": "sqlite:/tmp/elsewhere.sqlite"])
        #expect(replaced.database.description == "sqlite:/tmp/elsewhere.sqlite")
    }

    @Test("An invalid value is a configuration error naming the variable and the origin")
    func invalidValue() {
        #expect {
            _ = try GatewayConfiguration.embedded(
                in: URL(fileURLWithPath: "/tmp/x"), origin: "harness", values: ["ATTACHE_PORT": "seventy"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("ATTACHE_PORT") && text.contains("harness")
        }
    }
}
