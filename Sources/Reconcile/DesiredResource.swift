import Crypto
import Foundation
import Manifest
import Store
import Synchronization

/// One resource as git wants it: the spec to store, its hash, and digests of its secrets.
public struct DesiredResource: Sendable {
    public var key: ResourceKey
    public var header: ResourceHeader
    public var spec: SpecValue
    public var specJSON: Data
    public var specHash: String
    /// SHA-256 of each resolved secret, by field path.
    public var secretDigests: [String: String]

    init(header: ResourceHeader, secretDigests: [String: String], cache: SpecEncodingCache? = nil) {
        self.key = ResourceKey(kind: header.kind.rawValue, name: header.name)
        self.header = header
        self.spec = header.spec
        (self.specJSON, self.specHash) =
            cache?.encoding(of: header.spec, for: key.description) ?? SpecEncodingCache.encode(header.spec)
        self.secretDigests = secretDigests
    }
}

/// Each resource's spec as canonical JSON with its hash, kept between plans of the same
/// directory (a daemon's reloads): an unchanged spec is compared, not encoded again.
public final class SpecEncodingCache: Sendable {
    private let entries = Mutex<[String: (spec: SpecValue, json: Data, hash: String)]>([:])

    public init() {}

    func encoding(of spec: SpecValue, for id: String) -> (Data, String) {
        if let entry = entries.withLock({ $0[id] }), entry.spec == spec { return (entry.json, entry.hash) }
        let (json, hash) = Self.encode(spec)
        entries.withLock { $0[id] = (spec, json, hash) }
        return (json, hash)
    }

    static func encode(_ spec: SpecValue) -> (Data, String) {
        let json = spec.canonicalJSON
        return (json, Digest.hex(of: json))
    }
}

/// SHA-256 helpers.
enum Digest {
    static func hex(of data: Data) -> String {
        SHA256.hash(data: data).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    static func hex(of text: String) -> String { hex(of: Data(text.utf8)) }
}
