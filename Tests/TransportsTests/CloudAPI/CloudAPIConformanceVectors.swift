import Foundation
import TestSupport

/// The shared conformance payloads for the Cloud API: `cloud-api/*.json` and the
/// `X-Hub-Signature-256` values in `SIGNATURES.tsv`.
enum CloudAPIConformanceVectors {
    typealias Vector = ConformanceVectors.Vector

    static let appSecret = "conformance-app-secret"
    private static let folder = ConformanceVectors(provider: "cloud-api")

    /// The `cloud-api` folder, or nil when no copy exists.
    static var directory: URL? { folder.directory }

    /// Every vector listed in SIGNATURES.tsv, read as exact bytes.
    static func load() throws -> [Vector] { try folder.load() }
}
