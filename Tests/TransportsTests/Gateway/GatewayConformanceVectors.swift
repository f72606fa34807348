import Foundation
import TestSupport

/// The shared conformance payloads for the gateway: `gateway/*.json` and the
/// `X-Webhook-Hmac` values in `SIGNATURES.tsv`.
enum GatewayConformanceVectors {
    typealias Vector = ConformanceVectors.Vector

    static let secret = "conformance-gateway-secret"
    private static let folder = ConformanceVectors(provider: "gateway")

    /// The `gateway` folder, or nil when no copy exists.
    static var directory: URL? { folder.directory }

    /// Every vector listed in SIGNATURES.tsv, read as exact bytes.
    static func load() throws -> [Vector] { try folder.load() }

    /// The vector called `name`.
    static func vector(_ name: String) throws -> Vector { try folder.vector(name) }
}
