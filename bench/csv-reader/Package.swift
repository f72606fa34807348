// swift-tools-version: 6.1
import PackageDescription

// Benchmark only -- NOT part of the main package, `swift test` or CI.
// Measures Manifest's own byte-level CSVReader against CSV.swift (yaslab/CSV.swift),
// the well-kept package the project would otherwise use. Run: bash bench/csv-reader.sh
let package = Package(
    name: "csv-reader-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "engine", path: "../.."),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "csv-reader-bench",
            dependencies: [
                .product(name: "Manifest", package: "engine"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
