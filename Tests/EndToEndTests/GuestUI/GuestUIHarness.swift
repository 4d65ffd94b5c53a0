import Foundation
import Gateway
import Logging
import TestSupport

@testable import Sandbox

/// The guest web UI's stack on loopback, wired as `attache dev` wires it: the sandbox (guest
/// WebSocket and history API, OAuth, Conversations API, trigger rules calling the gateway's Data
/// Actions, the agent console with the widget) and the gateway serving the page at `/` with its
/// guest configuration pointing at the sandbox, the upload pipeline running.
///
/// With ``GuestUIStore/moto`` the gateway's objects live in moto's S3 behind a
/// ``CountingS3Proxy`` (the presigned URLs name the proxy, so the browser's PUTs are counted
/// and can be cut) and clamd scans them (EICAR is rejected); with ``GuestUIStore/embedded``
/// the gateway's embedded store and policy scanner are used, needing no services.
///
/// The sandbox and the port helper are the end-to-end suite's own (``GenesysSandboxHarness``,
/// ``RecoveryEndToEndHarness/freeLoopbackPort()``), the gateway is an ``EndToEndGateway``, moto's buckets and queue come from
/// ``LiveStack/productionValues()``.
struct GuestUIHarness {
    /// The gateway (and the page's) URL.
    let gatewayURL: String
    /// The sandbox.
    let sandbox: GenesysSandboxHarness
    /// The gateway's pipeline (state, audit, uploads).
    let pipeline: GatewayPipeline
    /// The gateway's parsed configuration.
    let configuration: GatewayConfiguration
    /// Which store is in use.
    let store: GuestUIStore
    /// The proxy in front of moto's S3 (``GuestUIStore/moto`` only).
    let s3Proxy: CountingS3Proxy?

    /// The sandbox's state (conversations, sockets, test hooks).
    var state: SandboxState { sandbox.state }
    /// The sandbox's URL.
    var sandboxURL: String { sandbox.baseURL }

    static let logger: Logger = {
        var logger = Logger(label: "guest-ui-e2e")
        logger.logLevel = .warning
        return logger
    }()

    /// Starts the stack, runs `body`, stops everything (also when `body` throws).
    static func with(store: GuestUIStore = .moto, _ body: (GuestUIHarness) async throws -> Void) async throws {
        let gatewayPort = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let gatewayURL = "http://127.0.0.1:\(gatewayPort)"
        switch store {
        case .embedded:
            try await run(store: store, gatewayPort: gatewayPort, storeValues: [:], proxy: nil, body)
        case .moto:
            let moto = try TestEnvironment.require(.moto)
            var values = try await LiveStack.productionValues()
            guard let quarantine = values["ATTACHE_QUARANTINE_BUCKET"] else {
                throw GuestUIHarnessError("no quarantine bucket")
            }
            try await GuestUIBucketCORS.apply(origin: gatewayURL, bucket: quarantine, motoEndpoint: moto)
            values["AWS_ENDPOINT_URL_SQS"] = moto
            let motoValues = values
            try await CountingS3Proxy.with(target: moto) { proxy in
                var storeValues = motoValues
                storeValues["AWS_ENDPOINT_URL_S3"] = proxy.url
                try await run(store: store, gatewayPort: gatewayPort, storeValues: storeValues, proxy: proxy, body)
            }
        }
    }

    private static func run(
        store: GuestUIStore, gatewayPort: Int, storeValues: [String: String], proxy: CountingS3Proxy?,
        _ body: (GuestUIHarness) async throws -> Void
    ) async throws {
        let gatewayURL = "http://127.0.0.1:\(gatewayPort)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-guest-ui-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await GenesysSandboxHarness.with(
            platformConfiguration: GuestUIGatewaySettings.platform(gatewayURL: gatewayURL)
        ) {
            sandbox in
            let values = GuestUIGatewaySettings.values(
                gatewayURL: gatewayURL, gatewayPort: gatewayPort, sandboxPort: sandbox.port, directory: directory,
                storeValues: storeValues)
            try await EndToEndGateway.run(values: values, origin: "guest-ui-test", logger: logger) { gateway in
                let harness = GuestUIHarness(
                    gatewayURL: gatewayURL, sandbox: sandbox, pipeline: gateway.pipeline,
                    configuration: gateway.configuration, store: store, s3Proxy: proxy)
                do {
                    try await body(harness)
                } catch {
                    proxy?.restore()
                    throw error
                }
            }
        }
    }
}
