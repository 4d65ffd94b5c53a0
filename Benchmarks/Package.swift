// swift-tools-version: 6.1
import PackageDescription

// The root package is reached through `attache`, a symlink to `..` that scripts/bench creates
// (gitignored), so the dependency's identity is `attache` whatever the clone's folder is called.
// To build here by hand: `ln -sfn .. attache` first.
let package = Package(
    name: "AttacheBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: "attache"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
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
        // A plain loop for profilers (perf, valgrind --tool=callgrind) and a quick ns/URL reading.
        .executableTarget(
            name: "PresignProfile",
            dependencies: [.product(name: "AWSSigning", package: "attache")],
            path: "Profile/PresignProfile"
        ),
    ]
)
