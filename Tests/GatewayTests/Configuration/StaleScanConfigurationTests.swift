import Foundation
import Gateway
import Logging
import Testing

@Suite("ATTACHE_STALE_SCAN_SECONDS")
struct StaleScanConfigurationTests {
    static func configuration(_ values: [String: String]) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration.embedded(
            in: URL(fileURLWithPath: "/tmp/attache-stale"), origin: "test", values: values)
    }

    @Test("60 seconds by default; a value in range is taken; the pipeline's worker uses it")
    func values() async throws {
        #expect(try Self.configuration([:]).staleScanSeconds == 60)
        #expect(try Self.configuration(["ATTACHE_STALE_SCAN_SECONDS": "120"]).staleScanSeconds == 120)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-stale-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.embedded(
            in: directory, origin: "test",
            values: ["ATTACHE_STALE_SCAN_SECONDS": "120", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"])
        let runtime = try GatewayRuntime(configuration: configuration, logger: Logger(label: "test"))
        let pipeline = try GatewayPipeline(runtime: runtime, logger: Logger(label: "test"))
        #expect(pipeline.worker.configuration.staleScanAfter == .seconds(120))
        try await runtime.close()
    }

    @Test("Out of range or not a number: an error naming the variable", arguments: ["9", "86401", "ten", "-5"])
    func invalid(value: String) {
        #expect {
            _ = try Self.configuration(["ATTACHE_STALE_SCAN_SECONDS": value])
        } throws: { error in
            "\(error)".contains("ATTACHE_STALE_SCAN_SECONDS")
        }
    }
}
