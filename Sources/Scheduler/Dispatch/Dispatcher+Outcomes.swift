import Foundation
import Transports

extension Dispatcher {
    /// Applies a send's outcome to its sender and decides the message's fate.
    ///
    /// | outcome | sender | message |
    /// |---|---|---|
    /// | `accepted` | health +1, streak reset | sent |
    /// | `retryLater` | held back for the advice's delay in its scope (the sender, the pair, or every sender of the application); slowed down when asked; no health penalty | retried per ``retryPolicy``, failed after its last attempt |
    /// | `failedForRecipient`, `failedMessage` | untouched | failed |
    /// | `failedForSender` | health −5 and paused until a person resumes it | back in the outbox at once, for another sender |
    /// | `unknown` | counted as a failure (−5, streak +1; may pause) | unknown: not resent here |
    ///
    /// `unknown` counts against the sender, as the ``SendOutcome`` table says: a broken
    /// connection or an answer nobody can classify says the path to the provider is
    /// unwell, and ten of them in a row should stop the sender rather than feed it more.
    /// Whether the message is sent again is the resource's `resendUnknown`, decided by the
    /// outbox, not here.
    ///
    /// - Parameters:
    ///   - attempt: the number of this attempt, 1 for the first.
    ///   - now: when the outcome arrived.
    public mutating func handle(
        _ outcome: SendOutcome, of assignment: Assignment, attempt: Int, at now: Date, using random: inout some RandomNumberGenerator
    ) -> OutcomeResult {
        let index = index(of: assignment.sender)
        switch outcome {
        case .accepted:
            // A success moves no gate unless it makes an unhealthy sender selectable again.
            if let index {
                let wasSelectable = senders[index].health.isSelectable
                senders[index].health.recordSuccess()
                if senders[index].health.isSelectable != wasSelectable { invalidateGate(index) }
            }
            return OutcomeResult(fate: .sent)
        case .retryLater(let advice):
            if let index { invalidateGate(index) }
            let events = index.map { holdBack(for: advice, sender: $0, recipient: assignment.recipient, at: now) } ?? []
            guard let next = retryPolicy.nextAttempt(after: attempt, advice: advice, now: now, using: &random) else {
                let reason = "gave up after \(attempt) attempts: \(advice.reason)"
                return OutcomeResult(fate: .failed(code: advice.code, reason: reason), events: events)
            }
            return OutcomeResult(fate: .retry(at: next, reason: advice.reason), events: events)
        case .failedForRecipient(let code, let reason), .failedMessage(let code, let reason):
            return OutcomeResult(fate: .failed(code: code, reason: reason))
        case .failedForSender(let code, let reason):
            guard let index else { return OutcomeResult(fate: .retry(at: now, reason: reason)) }
            invalidateGate(index)
            senders[index].health.recordFailure(reason: reason, at: now, probation: nil)
            let pause = SenderPause(cause: .senderFailure, reason: "\(code): \(reason)", since: now, resumesAt: nil)
            senders[index].health.pause(pause)
            return OutcomeResult(fate: .retry(at: now, reason: reason), events: [.paused(sender: assignment.sender, pause: pause)])
        case .unknown(let code, let reason):
            var events: [SenderEvent] = []
            if let index { invalidateGate(index) }
            if let index,
                let pause = senders[index].health.recordFailure(reason: "\(code): \(reason)", at: now, probation: senders[index].profile.resumeAfter)
            {
                events.append(.paused(sender: assignment.sender, pause: pause))
            }
            return OutcomeResult(fate: .unknown(code: code, reason: reason), events: events)
        }
    }

    /// Holds back what a rate limit or outage covers, and slows the sender when asked.
    private mutating func holdBack(for advice: RetryAdvice, sender index: Int, recipient: String, at now: Date) -> [SenderEvent] {
        let name = senders[index].name
        let until = now.addingTimeInterval(advice.delay.timeInterval)
        var events: [SenderEvent] = []
        switch advice.scope {
        case .sender:
            senders[index].backoffUntil = max(senders[index].backoffUntil ?? until, until)
            events.append(.backedOff(sender: name, until: until, reason: advice.reason))
        case .recipient:
            let limit = senders[index].profile.transportLimits.pair ?? .standard
            pairs.hold(recipient: recipient, sender: index, limit: limit, until: until)
        case .application:
            let application = senders[index].profile.application
            applicationHolds[application] = max(applicationHolds[application] ?? until, until)
            for other in senders.indices where senders[other].profile.application == application { invalidateGate(other) }
            events.append(.applicationHeld(application: application, until: until, reason: advice.reason))
        }
        if let slowdown = advice.slowdown {
            senders[index].slowDown(QuotaSlowdown(slowdown, at: now), at: now)
            if let merged = senders[index].quota.slowdown {
                events.append(.slowedDown(sender: name, slowdown: merged))
            }
        }
        return events
    }
}
