// swift-tools-version: 6.1
// Benchmark only: the outbox dispatcher end to end (enqueue in SQLite, claim, send through
// the simulator transport, settle as sent), the raw SQLite rate of the same row writes, and
// the lateness of the dispatcher's paced wake-ups. Never part of the main package or of CI;
// run it with bench/dispatch.sh, which also runs BullMQ's Python port beside it.
import PackageDescription

let package = Package(
    name: "dispatch-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "engine", path: "../.."),
        // Already in the engine's graph; named here for its raw SQLite module (GRDBSQLite),
        // which the raw SQLite measurement calls directly.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "dispatch-bench",
            dependencies: [
                .product(name: "Runtime", package: "engine"),
                .product(name: "Store", package: "engine"),
                .product(name: "Scheduler", package: "engine"),
                .product(name: "Transports", package: "engine"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
