// swift-tools-version: 6.1
// Benchmark only: sends messages through the Cloud API transport over the libcurl
// client to a local server. Never part of the main package or of CI.
import PackageDescription

let package = Package(
    name: "transports-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "engine", path: "../..")],
    targets: [
        .executableTarget(
            name: "cloud-api-bench",
            dependencies: [.product(name: "Transports", package: "engine")]
        )
    ],
    swiftLanguageModes: [.v6]
)
