// swift-tools-version:6.0
import PackageDescription

// Targets form one-way layers; each may import only the ones below it:
//
//   riskshare (executable)   command-line parsing only
//   RiskSharePipeline        run, shard and merge, sweep, solve, bench orchestration
//   RiskShareReports         the typed report model and its renderers
//   RiskShareKit             scenario, loan book, engine, risk sharing, statistics (CGSL, CPhilox inside)
//   RiskShareSupport         formatting, JSON, hashing, file output
let package = Package(
    name: "RiskShare",
    // `Synchronization` (Mutex, Atomic) needs macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "riskshare", targets: ["riskshare"]),
        .library(name: "RiskShareKit", targets: ["RiskShareKit"]),
        .library(name: "RiskShareReports", targets: ["RiskShareReports"]),
        .library(name: "RiskSharePipeline", targets: ["RiskSharePipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The GNU Scientific Library, found through pkg-config (Debian: libgsl-dev). Only
        // RiskShareKit's internal GSL wrapper imports it.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Philox4x64-10, the counter-based generator behind every random stream, as a GSL
        // generator type plus inline functions for the simulation's hot loop.
        .target(name: "CPhilox", dependencies: ["CGSL"]),
        // Leaf utilities with no domain knowledge.
        .target(name: "RiskShareSupport"),
        // Scenario model, loan book, simulation engine, risk-sharing waterfall, statistics.
        .target(
            name: "RiskShareKit",
            dependencies: [
                "CGSL",
                "CPhilox",
                "RiskShareSupport",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The report model built from a finished run, and its renderers.
        .target(
            name: "RiskShareReports",
            dependencies: ["RiskShareKit", "RiskShareSupport"]
        ),
        // Orchestration: runs, shards and merge, sweeps, solve, bench.
        .target(
            name: "RiskSharePipeline",
            dependencies: ["RiskShareReports", "RiskShareKit", "RiskShareSupport"]
        ),
        // The command line: parses arguments and calls the pipeline.
        .executableTarget(
            name: "riskshare",
            dependencies: [
                "RiskSharePipeline",
                "RiskShareReports",
                "RiskShareKit",
                "RiskShareSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (scenario text to simulation, repository paths).
        .target(
            name: "RiskShareTestSupport",
            dependencies: ["RiskShareKit"],
            path: "Tests/RiskShareTestSupport"
        ),
        .testTarget(
            name: "RiskShareSupportTests",
            dependencies: ["RiskShareSupport"]
        ),
        .testTarget(
            name: "RiskShareKitTests",
            dependencies: ["RiskShareKit", "RiskShareReports", "RiskShareSupport", "RiskShareTestSupport"]
        ),
        .testTarget(
            name: "RiskShareReportsTests",
            dependencies: ["RiskShareReports", "RiskShareKit", "RiskShareSupport", "RiskShareTestSupport"],
            // Golden files are read by path, not bundled.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "RiskSharePipelineTests",
            dependencies: ["RiskSharePipeline", "RiskShareReports", "RiskShareKit", "RiskShareSupport", "RiskShareTestSupport"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["riskshare", "RiskSharePipeline", "RiskShareReports", "RiskShareKit", "RiskShareSupport"]
        ),
    ]
)
