import Foundation
import Scheduler
import Store

extension SenderDispatchStatus {
    /// What the store keeps of a sender's scheduler state.
    init(_ state: SenderState) {
        self.init(
            name: state.name, health: state.health.score, consecutiveFailures: state.health.consecutiveFailures, lastUsedAt: state.lastUsedAt,
            pause: state.health.pause.map { Pause(cause: $0.cause.rawValue, reason: $0.reason, since: $0.since, resumesAt: $0.resumesAt) },
            backoffUntil: state.backoffUntil,
            slowdown: state.quota.slowdown.map { Slowdown(rateFactor: $0.rateFactor, until: $0.until, reason: $0.reason) },
            pacedUntil: state.pacedUntil, spreadUntil: state.spreadUntil)
    }
}

extension SenderPacing {
    /// A sender's pacing as the scheduler holds it.
    init(_ state: SenderState) {
        self.init(pacedUntil: state.pacedUntil, spreadUntil: state.spreadUntil)
    }
}

extension SenderState {
    /// A sender's scheduler state as a restart finds it: its quota windows from the send
    /// log, its health, pause, backoff, slowdown and pacing as persisted (those that ended
    /// before `now` are dropped).
    init(restoring profile: SenderProfile, from history: DispatchHistory, isConnected: Bool, now: Date) {
        let status = history.senders[profile.name]
        let pause = status?.pause.map { pause in
            SenderPause(
                cause: SenderPause.Cause(rawValue: pause.cause) ?? .manual, reason: pause.reason, since: pause.since, resumesAt: pause.resumesAt)
        }
        let health = status.map { SenderHealth(score: $0.health, consecutiveFailures: $0.consecutiveFailures, pause: pause) } ?? SenderHealth()
        let slowdown = status?.slowdown.flatMap { slowdown in
            slowdown.until > now ? QuotaSlowdown(rateFactor: slowdown.rateFactor, until: slowdown.until, reason: slowdown.reason) : nil
        }
        self.init(
            profile: profile, sends: history.sends[profile.name] ?? [], warmupStart: history.firstSends[profile.name], slowdown: slowdown,
            backoffUntil: status?.backoffUntil.flatMap { $0 > now ? $0 : nil }, health: health, isConnected: isConnected,
            pacedUntil: status?.pacedUntil.flatMap { Self.restored($0, now: now) },
            spreadUntil: status?.spreadUntil.flatMap { Self.restored($0, now: now) })
    }

    /// A persisted "not before" instant, nil once it passed. The store keeps milliseconds,
    /// rounded to the nearest; one more millisecond makes sure a pause never shrinks.
    private static func restored(_ date: Date, now: Date) -> Date? {
        date > now ? date.addingTimeInterval(0.001) : nil
    }
}

extension EventRecord {
    /// The history line of a sender event.
    init(_ event: SenderEvent, at now: Date) {
        switch event {
        case .paused(let sender, let pause):
            let until = pause.resumesAt.map { ", on probation from \($0)" } ?? " until a person resumes it (engine senders resume \(sender))"
            self.init(
                at: now, kind: "sender.paused", resource: "Sender/\(sender)", message: "paused (\(pause.cause.rawValue)): \(pause.reason)\(until)")
        case .resumed(let sender, let automatically):
            let how = automatically ? "automatically, after its probation" : "by a person"
            self.init(at: now, kind: "sender.resumed", resource: "Sender/\(sender)", message: "resumed \(how)")
        case .backedOff(let sender, let until, let reason):
            self.init(at: now, kind: "sender.backed-off", resource: "Sender/\(sender)", message: "held back until \(until): \(reason)")
        case .slowedDown(let sender, let slowdown):
            let percent = Int((slowdown.rateFactor * 100).rounded())
            self.init(
                at: now, kind: "sender.slowed-down", resource: "Sender/\(sender)",
                message: "quotas cut to \(percent)% until \(slowdown.until): \(slowdown.reason)")
        case .applicationHeld(let application, let until, let reason):
            self.init(at: now, kind: "sender.application-held", resource: nil, message: "\(application) held back until \(until): \(reason)")
        }
    }

    /// The sender an event is about, if it is about one.
    static func sender(of event: SenderEvent) -> String? {
        switch event {
        case .paused(let sender, _), .resumed(let sender, _), .backedOff(let sender, _, _), .slowedDown(let sender, _): sender
        case .applicationHeld: nil
        }
    }
}
