// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RiskShare",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "riskshare", targets: ["riskshare"]),
        .library(name: "RiskShareKit", targets: ["RiskShareKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The GNU Scientific Library, found through pkg-config (Debian: libgsl-dev).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Model, engine, risk sharing, statistics and reports.
        .target(
            name: "RiskShareKit",
            dependencies: [
                "CGSL",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The command line: parses arguments and calls RiskShareKit.
        .executableTarget(
            name: "riskshare",
            dependencies: [
                "RiskShareKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RiskShareKitTests",
            dependencies: ["RiskShareKit"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["riskshare", "RiskShareKit"]
        ),
    ]
)
