import Foundation

/// One provider's folder of the shared conformance payloads (`shared/conformance/<provider>`)
/// and its `SIGNATURES.tsv`.
///
/// Looked up beside the repository (`<repo>/../shared/conformance`, where CI puts the
/// copy), then at `/work/shared/conformance`. A missing folder fails the test, never skips it.
public struct ConformanceVectors: Sendable {
    public struct Vector: Sendable, CustomStringConvertible {
        public var name: String
        public var body: Data
        public var signature: String
        public var description: String { name }
    }

    /// `cloud-api` or `gateway`.
    public let provider: String

    /// The vectors of `provider`.
    public init(provider: String) {
        self.provider = provider
    }

    /// The provider's folder, or nil when no copy exists.
    public var directory: URL? {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.deletingLastPathComponent().appendingPathComponent("shared/conformance/\(provider)"))
                break
            }
            folder.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/work/shared/conformance/\(provider)"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("SIGNATURES.tsv").path) }
    }

    /// Every vector listed in SIGNATURES.tsv, read as exact bytes.
    public func load() throws -> [Vector] {
        guard let directory else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no conformance folder for \(provider) found"])
        }
        let table = try String(contentsOf: directory.appendingPathComponent("SIGNATURES.tsv"), encoding: .utf8)
        return try table.split(separator: "\n").compactMap { line -> Vector? in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 2 else { return nil }
            return Vector(name: fields[0], body: try Data(contentsOf: directory.appendingPathComponent(fields[0])), signature: fields[1])
        }
    }

    /// The vector called `name`.
    public func vector(_ name: String) throws -> Vector {
        guard let vector = try load().first(where: { $0.name == name }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no conformance vector \(name)"])
        }
        return vector
    }
}
