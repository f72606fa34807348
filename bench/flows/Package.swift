// swift-tools-version: 6.1
// Benchmark only: drives inbound messages through the flow runner (trigger matching, one
// interpreter step, the SQLite commit, http nodes against a local server). Never part of
// the main package or of CI; run it with bench/flows.sh.
import PackageDescription

let package = Package(
    name: "flows-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "engine", path: "../.."),
        // Already in the engine's graph; named here for its raw SQLite module (GRDBSQLite),
        // which the SQLite floor measurement calls directly.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "flows-bench",
            dependencies: [
                .product(name: "Runtime", package: "engine"),
                .product(name: "Flows", package: "engine"),
                .product(name: "Manifest", package: "engine"),
                .product(name: "Store", package: "engine"),
                .product(name: "Transports", package: "engine"),
                .product(name: "Templates", package: "engine"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
