import Foundation
import Manifest

/// Random pauses between a sender's consecutive business-initiated messages, and
/// whether it shows a typing indicator before each.
public struct PacingRule: Sendable, Hashable {
    /// The shortest pause between one message going out and the next one starting.
    public var minDelay: Duration
    /// The longest such pause, when nothing needs spreading.
    public var maxDelay: Duration
    /// The typing indicator shown before each message; nil for none.
    public var typing: TypingSimulation?

    /// Creates a pacing rule; bounds given the wrong way round are swapped.
    public init(minDelay: Duration, maxDelay: Duration, typing: TypingSimulation? = .standard) {
        self.minDelay = max(.zero, min(minDelay, maxDelay))
        self.maxDelay = max(.zero, max(minDelay, maxDelay))
        self.typing = typing
    }

    /// A campaign's pacing: its delays, and the standard typing model when `typing` is on.
    public init(_ pacing: Pacing) {
        self.init(minDelay: pacing.minDelay, maxDelay: pacing.maxDelay, typing: pacing.typing ? .standard : nil)
    }

    /// 2 to 5 seconds with typing: the configuration's defaults.
    public static let standard = PacingRule(minDelay: .seconds(2), maxDelay: .seconds(5))

    /// The typing time for a message of `characters` characters (zero without typing).
    public func typingDuration(forCharacters characters: Int) -> Duration {
        typing?.duration(forCharacters: characters) ?? .zero
    }

    /// A pause drawn uniformly from `minDelay...maxDelay`, in seconds.
    func delay(using random: inout some RandomNumberGenerator) -> TimeInterval {
        Double.random(in: minDelay.timeInterval...maxDelay.timeInterval, using: &random)
    }

    /// `gap` made irregular in the same proportions as the pauses, with `gap` as its average.
    func jittered(_ gap: TimeInterval, using random: inout some RandomNumberGenerator) -> TimeInterval {
        let low = minDelay.timeInterval, high = maxDelay.timeInterval
        let average = (low + high) / 2
        guard gap > 0, average > 0 else { return max(0, gap) }
        return Double.random(in: (low / average * gap)...(high / average * gap), using: &random)
    }
}
