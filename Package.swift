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
        .library(name: "Flows", targets: ["Flows"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Reconcile", targets: ["Reconcile"]),
        .library(name: "Transports", targets: ["Transports"]),
        .library(name: "Scheduler", targets: ["Scheduler"]),
        .library(name: "QRCodes", targets: ["QRCodes"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .executableTarget(
            name: "engine",
            dependencies: [
                "Manifest",
                "Store",
                "Reconcile",
                "Transports",
                "QRCodes",
                "Runtime",
                "Flows",
                "Templates",
                "Server",
                "Dashboard",
                "Scheduler",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
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
        // The flow compiler, trigger index and interpreter: pure, no I/O.
        .target(
            name: "Flows",
            dependencies: [
                "Manifest",
                "Templates",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .target(name: "QRCodes", dependencies: ["CQRencode"]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(
            name: "Transports",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Store",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Reconcile",
            dependencies: [
                "Manifest",
                "Store",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The flow runner: the I/O shell around the Flows interpreter (store, timers, HTTP nodes).
        .target(
            name: "Runtime",
            dependencies: ["Flows", "Manifest", "Store", "Transports", "Templates", "Scheduler"]
        ),
        // The HTTP server: health checks and webhooks, over Hummingbird.
        .target(
            name: "Server",
            dependencies: [
                "Transports", "Store", "QRCodes",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The dashboard page at `/`: plain values in, server-rendered HTML out (mustache templates).
        .target(
            name: "Dashboard",
            dependencies: [
                "QRCodes", .product(name: "Mustache", package: "swift-mustache"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The scheduler's decision core: quota windows, pacing, health, selection. Pure, no I/O.
        .target(name: "Scheduler", dependencies: ["Manifest", "Transports"]),
        // Test support shared by several test targets (a manual clock).
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest"], exclude: ["Cases"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"]),
        .testTarget(name: "FlowsTests", dependencies: ["Flows", "Manifest", "Templates", "TestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "engine", "Store", "Transports", "Runtime", "Manifest", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Hummingbird", package: "hummingbird"),
            ],
            exclude: ["Snapshots"]),
        .testTarget(name: "QRCodesTests", dependencies: ["QRCodes"], exclude: ["Snapshots"]),
        .testTarget(name: "TransportsTests", dependencies: ["Transports", "CCurl", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Transports", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ], exclude: ["Snapshots"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "QRCodes", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Snapshots"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "Manifest", "Transports", "TestSupport"]),
        .testTarget(name: "ReconcileTests", dependencies: ["Reconcile", "Manifest", "Store"], exclude: ["Snapshots"]),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "Runtime", "Flows", "Scheduler", "Store", "Transports", "Manifest", "Templates", "Reconcile", "TestSupport",
                // A plain connection to read the outbox and to inject failures into commits.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
