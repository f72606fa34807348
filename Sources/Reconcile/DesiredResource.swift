import Crypto
import Foundation
import Manifest
import Store

/// One resource as git wants it: the spec to store, its hash, and digests of its secrets.
public struct DesiredResource: Sendable {
    public var key: ResourceKey
    public var header: ResourceHeader
    public var spec: SpecValue
    public var specJSON: Data
    public var specHash: String
    /// SHA-256 of each resolved secret, by field path.
    public var secretDigests: [String: String]

    init(header: ResourceHeader, secretDigests: [String: String]) {
        self.key = ResourceKey(kind: header.kind.rawValue, name: header.name)
        self.header = header
        self.spec = header.spec
        self.specJSON = header.spec.canonicalJSON
        self.specHash = Digest.hex(of: specJSON)
        self.secretDigests = secretDigests
    }
}

/// SHA-256 helpers.
enum Digest {
    static func hex(of data: Data) -> String {
        SHA256.hash(data: data).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    static func hex(of text: String) -> String { hex(of: Data(text.utf8)) }
}
