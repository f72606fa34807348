import Foundation

/// A sender's health score, failure streak and pause: the rules of the design's
/// "Scheduling" section as a value.
///
/// | event | score | streak | pause |
/// |---|---|---|---|
/// | success | +1, at most 100 | reset | — |
/// | failure | −5, at least 0 | +1 | at 10 in a row, or when the score falls below 50 |
/// | rate limit, recipient or message failure | unchanged | unchanged | — |
/// | sender failure | −5 | +1 | at once, until a person resumes |
///
/// An automatic pause (streak or score) lasts until ``resume()`` is called, or until the
/// sender's `resumeAfter` probation when it has one. A resumed sender starts its
/// probation at a score of at least 50 with a clean streak: one more failure below 50
/// pauses it again.
public struct SenderHealth: Sendable, Hashable {
    /// The best score, and a new sender's.
    public static let maximumScore = 100
    /// Below this score a sender is skipped (and paused).
    public static let minimumScore = 50
    /// Failures in a row that pause a sender.
    public static let failuresBeforePause = 10
    /// Score gained per success.
    public static let successGain = 1
    /// Score lost per failure.
    public static let failurePenalty = 5

    /// 0...100.
    public private(set) var score: Int
    /// Failures since the last success.
    public private(set) var consecutiveFailures: Int
    /// The pause in force, if any.
    public private(set) var pause: SenderPause?

    /// Creates a health record, as stored or fresh.
    public init(score: Int = SenderHealth.maximumScore, consecutiveFailures: Int = 0, pause: SenderPause? = nil) {
        self.score = min(Self.maximumScore, max(0, score))
        self.consecutiveFailures = max(0, consecutiveFailures)
        self.pause = pause
    }

    /// Whether the score allows sending.
    public var isHealthy: Bool { score >= Self.minimumScore }

    /// Whether a pause is in force.
    public var isPaused: Bool { pause != nil }

    /// Whether the sender may be selected: healthy and not paused.
    public var isSelectable: Bool { isHealthy && pause == nil }

    /// Counts a message the provider took.
    public mutating func recordSuccess() {
        score = min(Self.maximumScore, score + Self.successGain)
        consecutiveFailures = 0
    }

    /// Counts a failure of the sender (an `unknown` outcome, a sender failure) and pauses it
    /// when the streak reaches 10 or the score falls below 50.
    /// - Parameter probation: the sender's `resumeAfter`, which sets when such a pause ends.
    /// - Returns: the pause this failure started, if it started one.
    @discardableResult
    public mutating func recordFailure(reason: String, at now: Date, probation: Duration?) -> SenderPause? {
        score = max(0, score - Self.failurePenalty)
        consecutiveFailures += 1
        guard pause == nil else { return nil }
        let resumesAt = probation.map { now.addingTimeInterval($0.timeInterval) }
        if consecutiveFailures >= Self.failuresBeforePause {
            pause = SenderPause(
                cause: .consecutiveFailures, reason: "\(consecutiveFailures) failures in a row; the last: \(reason)", since: now,
                resumesAt: resumesAt)
        } else if !isHealthy {
            pause = SenderPause(
                cause: .lowHealth, reason: "health fell to \(score), below \(Self.minimumScore); the last failure: \(reason)", since: now,
                resumesAt: resumesAt)
        }
        return pause
    }

    /// Pauses the sender, replacing a pause in force.
    public mutating func pause(_ pause: SenderPause) {
        self.pause = pause
    }

    /// Lifts the pause and starts probation: a score of at least 50, no failure streak.
    public mutating func resume() {
        pause = nil
        consecutiveFailures = 0
        score = max(score, Self.minimumScore)
    }
}
