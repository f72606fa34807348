import Foundation
import Manifest

/// The provider's own rate limits for a sender, on top of its quota.
public struct TransportLimits: Sendable, Hashable {
    /// The (sender, contact) pair limit; nil for none.
    public var pair: PairLimit?
    /// The provider's throughput cap in messages per second; nil for none.
    public var messagesPerSecond: Double?

    /// Creates transport limits.
    public init(pair: PairLimit? = .standard, messagesPerSecond: Double? = nil) {
        self.pair = pair
        self.messagesPerSecond = messagesPerSecond
    }

    /// No limit beyond the quota.
    public static let none = TransportLimits(pair: nil, messagesPerSecond: nil)

    /// The limits each transport gets by default.
    ///
    /// - `cloud-api`: the pair limit and Meta's default throughput of 80 messages a second.
    /// - `simulator`: the same, so that a simulated run behaves like the Cloud API.
    /// - `gateway`: the pair limit only; a WhatsApp Web session publishes no throughput,
    ///   and the quota (20 a minute by default) is far below any it has.
    public static func standard(for transport: Sender.Transport) -> TransportLimits {
        switch transport {
        case .cloudAPI, .simulator: TransportLimits(pair: .standard, messagesPerSecond: 80)
        case .gateway: TransportLimits(pair: .standard, messagesPerSecond: nil)
        }
    }

    /// A full throughput bucket, one second deep, or nil without a cap.
    func makeThroughputBucket() -> TokenBucket? {
        guard let messagesPerSecond, messagesPerSecond > 0, messagesPerSecond.isFinite else { return nil }
        return TokenBucket(perSecond: messagesPerSecond, burst: max(1, Int(messagesPerSecond.rounded(.down))))
    }
}
