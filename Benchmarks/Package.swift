// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The root package is a path dependency; SwiftPM names it after its directory.
let rootIdentity = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent()
    .lastPathComponent
    .lowercased()

let package = Package(
    name: "AttacheBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PresignBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "AWSSigning", package: rootIdentity),
            ],
            path: "Benchmarks/PresignBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "package-benchmark")
            ]
        ),
        // A plain loop for profilers (perf, valgrind --tool=callgrind) and a quick ns/URL reading.
        .executableTarget(
            name: "PresignProfile",
            dependencies: [.product(name: "AWSSigning", package: rootIdentity)],
            path: "Profile/PresignProfile"
        ),
    ]
)
