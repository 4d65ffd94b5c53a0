// swift-tools-version: 6.1
import PackageDescription

// The root package is reached through `attache`, a symlink to `..` that scripts/bench creates
// (gitignored), so the dependency's identity is `attache` whatever the clone's folder is called.
// To build here by hand: `ln -sfn .. attache` first.
let package = Package(
    name: "AttacheBenchmarks",
    // macOS 15: the load drivers count with the Synchronization module's Mutex and Atomic.
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "attache"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        // Already in the root package's graph (same pins); named here for the bench server's imports.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        .executableTarget(
            name: "PresignBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "AWSSigning", package: "attache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/PresignBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "package-benchmark")
            ]
        ),
        // The database work of one upload ticket: as the gateway does it, and with cached statements.
        .executableTarget(
            name: "TicketStateBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Gateway", package: "attache"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/TicketStateBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "package-benchmark")
            ]
        ),
        // A plain loop for profilers (perf, valgrind --tool=callgrind) and a quick ns/URL reading.
        .executableTarget(
            name: "PresignProfile",
            dependencies: [.product(name: "AWSSigning", package: "attache")],
            path: "Profile/PresignProfile"
        ),
        // The gateway as `attache serve` assembles it, plus a hello-world route and raised rate
        // limits (benchmark only): the server of the ticket and scan-latency benchmarks.
        .executableTarget(
            name: "GatewayBenchServer",
            dependencies: [
                .product(name: "Gateway", package: "attache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Servers/GatewayBenchServer"
        ),
        // Multipart upload of one file with AWSClients' S3Client (8 MiB parts, 10 at a time).
        .executableTarget(
            name: "S3UploadBench",
            dependencies: [
                .product(name: "AWSClients", package: "attache"),
                .product(name: "AWSSigning", package: "attache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Drivers/S3UploadBench"
        ),
            // `attache dev`'s assembly (gateway + sandbox with its platform side, one process) plus an
        // in-process agent that echoes every guest text back: the server of the round-trip figure.
        .executableTarget(
            name: "DevBenchServer",
            dependencies: [
                .product(name: "Gateway", package: "attache"),
                .product(name: "Sandbox", package: "attache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Servers/DevBenchServer"
        ),
        // A plain Hummingbird WebSocket echo server: the reference of the sessions and round-trip figures.
        .executableTarget(
            name: "EchoBenchServer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Servers/EchoBenchServer"
        ),
        // Guest WebSocket load: N idle sessions with heartbeats (memory per session, connect rate),
        // guest messages at a fixed rate with their round-trip latency, and GuestClient sessions
        // reconnecting through a loopback proxy that cuts their sockets.
        .executableTarget(
            name: "GuestLoadDriver",
            dependencies: [
                .product(name: "WebMessaging", package: "attache"),
                .product(name: "GuestClient", package: "attache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Drivers/GuestLoadDriver"
        ),
    ]
)
