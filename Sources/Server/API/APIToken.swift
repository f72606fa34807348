import Crypto
import Foundation

/// The bearer token `/api/*` requires.
///
/// Only the token's SHA-256 is kept, and a presented token is checked by comparing
/// digests in constant time, so neither the comparison's duration nor a memory dump
/// tells anything about the token.
public struct APIToken: Sendable {
    private let digest: SHA256.Digest

    /// A token; nil when `token` is empty (no token is configured).
    public init?(_ token: String) {
        guard !token.isEmpty else { return nil }
        digest = SHA256.hash(data: Data(token.utf8))
    }

    /// Whether `presented` is the token.
    public func matches(_ presented: some StringProtocol) -> Bool {
        // `Digest`'s == compares every byte whatever the first difference.
        SHA256.hash(data: Data(presented.utf8)) == digest
    }
}
