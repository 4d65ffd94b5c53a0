import Foundation
import Gateway
import Hummingbird
import Logging

// GatewayBenchServer: the real gateway, assembled exactly as `attache serve` assembles it
// (configuration from the ATTACHE_* / AWS_* environment, GatewayRuntime, GatewayPipeline,
// GatewayRouter with its request-logging middleware, the upload and embedded-store routes, the
// scan worker, the HTTP server settings of GatewayServer.http1Configuration), plus two benchmark-only changes that never reach the product router:
//
// - `GET /bench/hello` answers "Hello, World!": the Hummingbird hello-world reference, served by
//   the same process, router, middleware and event loops as the upload routes;
// - the per-guest and per-address rate limiters of the upload routes are raised to
//   ATTACHE_BENCH_RATE (requests per second and burst, default 1000000000) so one load
//   generator is not answered 429: the limiters stay on the request path, only their
//   limits change (the product defaults are burst 60, 5/s per guest and burst 120, 10/s per
//   address).
//
// Prints `listening PORT` on standard output once the server accepts connections (ATTACHE_PORT=0
// picks a free port). Logs go to standard error, as `attache serve`'s do.
let environment = ProcessInfo.processInfo.environment
let configuration: GatewayConfiguration
do {
    configuration = try GatewayConfiguration(layers: ConfigurationLayers([.environment(environment)]))
} catch {
    FileHandle.standardError.write(Data("GatewayBenchServer: \(error.description)\n".utf8))
    exit(64)
}
LoggingSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
let logger = Logger(label: "attache")
let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
let pipeline = try GatewayPipeline(runtime: runtime, logger: logger)

let rate = environment["ATTACHE_BENCH_RATE"].flatMap(Double.init) ?? 1_000_000_000
let options = UploadRoutes.Options(
    guestLimiter: RateLimiter(capacity: Int(rate), refillPerSecond: rate),
    addressLimiter: RateLimiter(capacity: Int(rate), refillPerSecond: rate)
)
// GatewayRouter without a pipeline: the logging middleware and /healthz; the pipeline's routes
// are added below with the benchmark's limiter options.
let router = GatewayRouter.make(health: runtime.health, logLevel: configuration.logLevel)
router.get("bench/hello") { _, _ in "Hello, World!" }
UploadRoutes.add(to: router, service: pipeline.uploads, guests: pipeline.guests, options: options)
if let local = pipeline.localStore {
    LocalObjectRoutes.add(to: router, store: local)
}
let app = Application(
    router: router,
    server: .http1(configuration: GatewayServer.http1Configuration(configuration)),
    configuration: .init(
        address: .hostname(configuration.host, port: configuration.port),
        serverName: "attache-bench"
    ),
    services: [pipeline.worker],
    onServerRunning: { channel in
        let port = channel.localAddress?.port ?? configuration.port
        FileHandle.standardOutput.write(Data("listening \(port)\n".utf8))
    },
    logger: logger
)
do {
    try await app.runService()
} catch {
    try? await runtime.close()
    throw error
}
try await runtime.close()
