// swift-tools-version: 6.1
import PackageDescription

// Module map (see docs/architecture.md): data flows one way,
// files -> Manifest -> Reconcile -> Store <- Scheduler -> Transports.
// Only the targets that exist today are declared; later modules slot in beside them.
let package = Package(
    name: "engine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "engine", targets: ["engine"]),
        .library(name: "Manifest", targets: ["Manifest"]),
        .library(name: "Templates", targets: ["Templates"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "engine",
            dependencies: [
                "Manifest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Manifest",
            dependencies: [
                "Templates",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "Templates"),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest"], exclude: ["Cases"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"]),
        .testTarget(name: "EngineTests", dependencies: ["engine"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
