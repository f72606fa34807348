import Foundation
import Manifest
import Scheduler
import Testing
import Transports

/// Values the scheduler tests build their worlds from.
enum Fixtures {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// An instant written in RFC 3339 with an offset.
    static func date(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Date {
        let value = try #require(try? DateTimeValue.parse(text).get(), "not a date: \(text)", sourceLocation: sourceLocation)
        return Date(timeIntervalSince1970: TimeInterval(value.secondsSince1970))
    }

    /// Opening hours such as `("mon-fri", "09:00", "18:00")`.
    static func hours(_ days: String, _ from: String, _ to: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> OpeningHours
    {
        let daySet = try #require(try? DaySet.parse(days).get(), sourceLocation: sourceLocation)
        let opening = try #require(try? TimeOfDay.parse(from).get(), sourceLocation: sourceLocation)
        let closing = try #require(try? TimeOfDay.parse(to).get(), sourceLocation: sourceLocation)
        return OpeningHours(days: daySet, from: opening, to: closing)
    }

    /// A fresh random source with a fixed seed.
    static func random(_ seed: UInt64 = 7) -> SimulatorRandomSource {
        SimulatorRandomSource(seed: seed)
    }

    /// A sender profile with generous limits unless told otherwise.
    static func profile(
        _ name: String, limits: QuotaLimits = .standard, transport: TransportLimits = .none, resumeAfter: Duration? = nil,
        application: String? = nil
    ) -> SenderProfile {
        SenderProfile(name: name, limits: limits, transportLimits: transport, resumeAfter: resumeAfter, application: application)
    }

    /// A conversation reply.
    static func reply(_ id: String, to recipient: String, senders: [String], sticky: String? = nil, notBefore: Date? = nil) -> Candidate {
        Candidate(id: id, recipient: recipient, traffic: .conversation, allowedSenders: senders, stickySender: sticky, notBefore: notBefore)
    }

    /// A business message without typing.
    static func business(
        _ id: String, to recipient: String, senders: [String], campaign: String? = nil,
        pacing: PacingRule = PacingRule(minDelay: .seconds(2), maxDelay: .seconds(5), typing: nil), characters: Int = 0
    ) -> Candidate {
        Candidate(
            id: id, recipient: recipient, traffic: .business(campaign: campaign, pacing: pacing), allowedSenders: senders,
            characterCount: characters)
    }

    static let accepted = SendOutcome.accepted(providerMessageID: "wamid.1", waID: nil)
}

extension Date {
    /// This instant plus `seconds`.
    func plus(_ seconds: TimeInterval) -> Date { addingTimeInterval(seconds) }
}

extension Dispatcher {
    /// Ticks from `start`, always to the next wake, until every candidate is assigned or
    /// `end` passes; returns the assignments in order.
    mutating func drain(
        _ candidates: [Candidate], from start: Date, until end: Date, random: inout SimulatorRandomSource
    ) -> [Assignment] {
        var pending = candidates
        var assignments: [Assignment] = []
        var now = start
        while !pending.isEmpty, now < end {
            let decision = decide(pending, now: now, using: &random)
            let started = Set(decision.assignments.map(\.candidateID))
            pending.removeAll { started.contains($0.id) }
            assignments += decision.assignments
            guard let next = decision.nextWake, next > now || !decision.assignments.isEmpty else { break }
            now = max(next, now)
        }
        return assignments
    }
}
