import Foundation
import Manifest
import Scheduler

/// Decides whether an auto-reply answers an inbound message that no flow handled.
///
/// An auto-reply applies when it is active, covers the sender the message came to, its
/// condition holds (`outside-business-hours` reads `Settings.businessHours` in
/// `Settings.timezone`; without business hours it never applies), and it has not
/// answered the same contact within its cooldown. When several apply, the first by name
/// answers, so the choice is stable. The answer goes out after the reply's `delay`.
public struct AutoReplyPolicy: Sendable {
    /// The chosen auto-reply and when to send it.
    public struct Answer: Sendable, Hashable {
        public var autoReply: String
        public var message: String
        public var sendAt: Date
    }

    private let replies: [AutoReply]
    private let businessHours: SendingSchedule?

    /// The policy of a configuration.
    public init(autoReplies: [AutoReply], settings: Settings) {
        self.replies = autoReplies.filter(\.isActive).sorted { $0.header.name < $1.header.name }
        let timeZone = TimeZone(identifier: settings.timezone) ?? .gmt
        self.businessHours = settings.businessHours.map { SendingSchedule(hours: OpeningHours($0), timeZone: timeZone) }
    }

    /// The answer to a message to `sender` received at `date`, if any; `lastAnswered`
    /// tells when an auto-reply last answered this contact (by auto-reply name).
    public func answer(sender: String, at date: Date, lastAnswered: (String) -> Date?) -> Answer? {
        for reply in replies {
            if let senders = reply.senders, !senders.contains(where: { $0.value == sender }) { continue }
            switch reply.condition.value {
            case .always: break
            case .outsideBusinessHours:
                guard let businessHours, !businessHours.isOpen(at: date) else { continue }
            }
            if let last = lastAnswered(reply.header.name), date.timeIntervalSince(last) < reply.cooldown.timeInterval { continue }
            return Answer(autoReply: reply.header.name, message: reply.message, sendAt: date.addingTimeInterval(reply.delay.timeInterval))
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds, as Foundation's dates count.
    fileprivate var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
