import Foundation

/// The shared conformance payloads: `gateway/*.json` and their `SIGNATURES.tsv`.
///
/// Looked up beside the repository (`<repo>/../shared/conformance`, where CI puts the
/// copy), then at `/work/shared/conformance`.
struct GatewayConformanceVectors {
    struct Vector: Sendable, CustomStringConvertible {
        var name: String
        var body: Data
        var signature: String
        var description: String { name }
    }

    static let secret = "conformance-gateway-secret"

    /// The `gateway` folder, or nil when no copy exists.
    static let directory: URL? = {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.deletingLastPathComponent().appendingPathComponent("shared/conformance/gateway"))
                break
            }
            folder.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/work/shared/conformance/gateway"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("SIGNATURES.tsv").path) }
    }()

    /// Every vector listed in SIGNATURES.tsv, read as exact bytes.
    static func load() throws -> [Vector] {
        guard let directory else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no conformance folder found"]) }
        let table = try String(contentsOf: directory.appendingPathComponent("SIGNATURES.tsv"), encoding: .utf8)
        return try table.split(separator: "\n").compactMap { line -> Vector? in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 2 else { return nil }
            return Vector(name: fields[0], body: try Data(contentsOf: directory.appendingPathComponent(fields[0])), signature: fields[1])
        }
    }

    /// The vector called `name`.
    static func vector(_ name: String) throws -> Vector {
        guard let vector = try load().first(where: { $0.name == name }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no conformance vector \(name)"])
        }
        return vector
    }
}
