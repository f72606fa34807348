import Foundation
import Scheduler
import Testing
import Transports

/// A discrete-event simulation of the daemon around ``Dispatcher``: a campaign of
/// 100,000 contacts over ten senders for one week, a simulated transport with seeded
/// failures, replies from contacts, and scripted incidents. Time only moves by jumping
/// to the next event; nothing sleeps.
struct SimulatedWeek {
    /// One send handed to the transport.
    struct Send {
        var assignment: Assignment
        var contact: Int
        var isReply: Bool
        var attempt: Int
        /// The senders that were selectable when the tick decided.
        var selectableAtDecision: Bool
        var stickySender: String?
        var outcome: SendOutcome?
    }

    /// A message waiting in the outbox.
    struct Waiting {
        var candidate: Candidate
        var contact: Int
        var attempt: Int
        var isReply: Bool
    }

    /// A sender-side event with the instant it happened.
    struct Logged {
        var at: Date
        var event: SenderEvent
    }

    enum Fate: Equatable { case sent, failed, unknown }

    static let contactCount = 100_000
    static let senderNames = (0..<10).map { "s\($0)" }
    static let campaign = "spring-sale"
    static let latency: TimeInterval = 0.3

    let start: Date
    let end: Date
    let hours: OpeningHours
    // Scripted incidents.
    let burstStart: Date, burstEnd: Date  // s3's gateway times out
    let disconnectStart: Date, disconnectEnd: Date  // s9 offline
    let senderFailureAfter: Date, manualResumeAt: Date  // s7's token expires; a person resumes it
    let slowdownAfter: Date  // s5 is flagged for spam

    var dispatcher: Dispatcher
    private var dispatchRandom = SimulatorRandomSource(seed: 1)
    private var transportRandom = SimulatorRandomSource(seed: 2)
    private var campaignCandidates: [Candidate] = []
    private var nextFresh = 0
    private var started: [Bool]
    private var due: [Waiting] = []
    private var later: [Waiting] = []  // sorted by notBefore
    /// A send whose outcome is due at `outcomeAt`.
    private struct InFlight {
        var outcomeAt: Date
        var send: Int
    }

    private var inFlight: [InFlight] = []  // sorted by outcome time
    private var scriptedDone: Set<String> = []
    private let scriptedInstants: [Date]

    private(set) var sends: [Send] = []
    private(set) var events: [Logged] = []
    private(set) var fates: [Fate?]
    private(set) var replyFates: [Int: Fate] = [:]
    private(set) var acceptedBy: [Int: String] = [:]
    private(set) var ticks = 0
    /// Starts on a sender that was paused or unhealthy: must stay zero.
    private(set) var unselectableStarts = 0
    private(set) var idleTicks = 0
    private(set) var finishedAt: Date?

    init() throws {
        start = try Fixtures.date("2026-03-26T08:00:00+01:00")  // a Thursday; summer time starts on Sunday 29 March
        end = start.plus(7 * 86_400)
        hours = try Fixtures.hours("mon-fri", "09:00", "18:00")
        burstStart = try Fixtures.date("2026-03-27T10:00:00+01:00")
        burstEnd = try Fixtures.date("2026-03-27T10:20:00+01:00")
        disconnectStart = try Fixtures.date("2026-03-26T12:00:00+01:00")
        disconnectEnd = try Fixtures.date("2026-03-26T13:00:00+01:00")
        senderFailureAfter = try Fixtures.date("2026-03-26T15:00:00+01:00")
        manualResumeAt = try Fixtures.date("2026-03-27T09:30:00+01:00")
        slowdownAfter = try Fixtures.date("2026-03-26T11:00:00+01:00")
        scriptedInstants = [disconnectStart, disconnectEnd, manualResumeAt].sorted()
        let senders = Self.senderNames.map { name in
            SenderState(
                profile: SenderProfile(
                    name: name, transportLimits: .standard(for: .cloudAPI), resumeAfter: .seconds(1800), application: "cloud-api graph.facebook.com"))
        }
        let schedule = SendingSchedule(hours: hours, timeZone: Fixtures.berlin)
        dispatcher = Dispatcher(senders: senders, campaigns: [CampaignState(name: Self.campaign, schedule: schedule)])
        started = Array(repeating: false, count: Self.contactCount)
        fates = Array(repeating: nil, count: Self.contactCount)
        let allowed = Self.senderNames
        campaignCandidates = (0..<Self.contactCount).map { contact in
            Candidate(
                id: "c\(contact)", recipient: Self.recipient(contact), traffic: .business(campaign: Self.campaign, pacing: .standard),
                allowedSenders: allowed, characterCount: 40 + (contact * 37) % 121)
        }
    }

    static func recipient(_ contact: Int) -> String { "+4915\(100_000_000 + contact)" }

    /// Runs the week.
    mutating func run() {
        var now = start
        var wake = start
        while now < end {
            var changed = deliverOutcomes(at: now)
            changed = runScript(at: now) || changed
            changed = releaseWaiting(at: now) || changed
            if changed || now >= wake {
                wake = tick(at: now)
            }
            if nextFresh >= Self.contactCount, due.isEmpty, later.isEmpty, inFlight.isEmpty {
                finishedAt = now
                break
            }
            var next = wake
            if let outcome = inFlight.first, outcome.outcomeAt < next { next = outcome.outcomeAt }
            if let waiting = later.first?.candidate.notBefore, waiting < next { next = waiting }
            if let scripted = scriptedInstants.first(where: { $0 > now }), scripted < next { next = scripted }
            guard next > now else { break }
            now = next
        }
    }

    /// One decision and the sends it starts; returns when to decide again.
    private mutating func tick(at now: Date) -> Date {
        ticks += 1
        var candidates: [Candidate] = []
        candidates.reserveCapacity(due.count + 12)
        for waiting in due { candidates.append(waiting.candidate) }
        var fresh = nextFresh
        while fresh < Self.contactCount, candidates.count < due.count + Self.senderNames.count + 1 {
            if !started[fresh] { candidates.append(campaignCandidates[fresh]) }
            fresh += 1
        }
        // Which sticky senders could be selected, for the check that replies kept them.
        var selectable: Set<String> = []
        if due.contains(where: { $0.candidate.stickySender != nil }) {
            for sender in dispatcher.senders where sender.isSelectable { selectable.insert(sender.name) }
        }
        let decision = dispatcher.decide(candidates, now: now, using: &dispatchRandom)
        events += decision.events.map { Logged(at: now, event: $0) }
        if decision.assignments.isEmpty { idleTicks += 1 }
        for assignment in decision.assignments {
            let waiting: Waiting
            if let position = due.firstIndex(where: { $0.candidate.id == assignment.candidateID }) {
                waiting = due.remove(at: position)
            } else {
                let contact = Int(assignment.candidateID.dropFirst()) ?? -1
                started[contact] = true
                waiting = Waiting(candidate: campaignCandidates[contact], contact: contact, attempt: 1, isReply: false)
            }
            if let index = dispatcher.senders.firstIndex(where: { $0.name == assignment.sender }), !dispatcher.senders[index].isSelectable {
                unselectableStarts += 1
            }
            let sticky = waiting.candidate.stickySender
            sends.append(
                Send(
                    assignment: assignment, contact: waiting.contact, isReply: waiting.isReply, attempt: waiting.attempt,
                    selectableAtDecision: sticky.map { selectable.contains($0) } ?? true, stickySender: sticky))
            insertInFlight(sends.count - 1)
        }
        while nextFresh < Self.contactCount, started[nextFresh] { nextFresh += 1 }
        return decision.nextWake ?? .distantFuture
    }

    private mutating func insertInFlight(_ send: Int) {
        let time = sends[send].assignment.sendAt.plus(Self.latency)
        var position = inFlight.count
        while position > 0, inFlight[position - 1].outcomeAt > time { position -= 1 }
        inFlight.insert(InFlight(outcomeAt: time, send: send), at: position)
    }

    /// Hands every outcome due to the dispatcher; true when a message came back at once.
    private mutating func deliverOutcomes(at now: Date) -> Bool {
        var changed = false
        while let next = inFlight.first, next.outcomeAt <= now {
            inFlight.removeFirst()
            let first = next.send
            let send = sends[first]
            let outcome = transportOutcome(for: send.assignment)
            sends[first].outcome = outcome
            let result = dispatcher.handle(outcome, of: send.assignment, attempt: send.attempt, at: now, using: &dispatchRandom)
            events += result.events.map { Logged(at: now, event: $0) }
            switch result.fate {
            case .sent:
                settle(send, .sent)
                if !send.isReply {
                    acceptedBy[send.contact] = send.assignment.sender
                    scheduleReply(to: send.contact, after: now)
                }
            case .failed: settle(send, .failed)
            case .unknown: settle(send, .unknown)
            case .retry(let at, _):
                var waitingCandidate: Candidate
                if send.isReply {
                    waitingCandidate = Self.replyCandidate(for: send.contact, sticky: acceptedBy[send.contact], notBefore: at)
                } else {
                    waitingCandidate = campaignCandidates[send.contact]
                    waitingCandidate.notBefore = at
                }
                enqueue(Waiting(candidate: waitingCandidate, contact: send.contact, attempt: send.attempt + 1, isReply: send.isReply))
                changed = changed || at <= now
            }
        }
        return changed
    }

    private mutating func settle(_ send: Send, _ fate: Fate) {
        if send.isReply { replyFates[send.contact] = fate } else { fates[send.contact] = fate }
    }

    /// Two contacts in a hundred answer, between 30 seconds and two hours later.
    private mutating func scheduleReply(to contact: Int, after now: Date) {
        guard Double.random(in: 0..<1, using: &transportRandom) < 0.02 else { return }
        let inbound = now.plus(Double.random(in: 30...7200, using: &transportRandom))
        let candidate = Self.replyCandidate(for: contact, sticky: acceptedBy[contact], notBefore: inbound.plus(2))
        enqueue(Waiting(candidate: candidate, contact: contact, attempt: 1, isReply: true))
    }

    private static func replyCandidate(for contact: Int, sticky: String?, notBefore: Date) -> Candidate {
        Candidate(
            id: "r\(contact)", recipient: recipient(contact), traffic: .conversation, allowedSenders: senderNames, stickySender: sticky,
            notBefore: notBefore, characterCount: 30)
    }

    private mutating func enqueue(_ waiting: Waiting) {
        let time = waiting.candidate.notBefore ?? .distantPast
        var position = later.count
        while position > 0, (later[position - 1].candidate.notBefore ?? .distantPast) > time { position -= 1 }
        later.insert(waiting, at: position)
    }

    /// Moves messages whose time has come into the candidates; true when any did.
    private mutating func releaseWaiting(at now: Date) -> Bool {
        var released = false
        while let first = later.first, (first.candidate.notBefore ?? now) <= now {
            due.append(later.removeFirst())
            released = true
        }
        return released
    }

    /// The simulated provider: scripted incidents first, then seeded random trouble.
    private mutating func transportOutcome(for assignment: Assignment) -> SendOutcome {
        let at = assignment.sendAt
        if assignment.sender == "s3", at >= burstStart, at < burstEnd {
            return .unknown(code: "http.timed-out", reason: "the provider did not answer")
        }
        if assignment.sender == "s7", at >= senderFailureAfter, scriptedDone.insert("s7-token").inserted {
            return .failedForSender(code: "190", reason: "the access token expired")
        }
        if assignment.sender == "s5", at >= slowdownAfter, scriptedDone.insert("s5-spam").inserted {
            let slowdown = SenderSlowdown(rateFactor: 0.5, duration: .seconds(7200), reason: "blocked as spam too often")
            return .retryLater(RetryAdvice(delay: .seconds(900), scope: .sender, code: "131048", reason: "spam limit", slowdown: slowdown))
        }
        let roll = Double.random(in: 0..<1, using: &transportRandom)
        switch roll {
        case ..<0.010:
            return .retryLater(RetryAdvice(delay: .seconds(2), scope: .sender, code: "130429", reason: "throughput"))
        case ..<0.015:
            return .retryLater(RetryAdvice(delay: .seconds(10), scope: .recipient, code: "131056", reason: "pair rate"))
        case ..<0.0153:
            return .retryLater(RetryAdvice(delay: .seconds(60), scope: .application, code: "4", reason: "app rate"))
        case ..<0.0253:
            return .failedForRecipient(code: "131026", reason: "not a WhatsApp user")
        case ..<0.0263:
            return .failedMessage(code: "131053", reason: "media could not be downloaded")
        case ..<0.0273:
            return .unknown(code: "http.connection-reset", reason: "the connection broke")
        default:
            return .accepted(providerMessageID: "wamid.\(sends.count)", waID: nil)
        }
    }

    /// Disconnects and reconnects s9, and has a person resume s7; true when something changed.
    private mutating func runScript(at now: Date) -> Bool {
        var changed = false
        if now >= disconnectStart, scriptedDone.insert("s9-down").inserted {
            dispatcher.setConnected(false, sender: "s9")
            changed = true
        }
        if now >= disconnectEnd, scriptedDone.insert("s9-up").inserted {
            dispatcher.setConnected(true, sender: "s9")
            changed = true
        }
        if now >= manualResumeAt, scriptedDone.insert("s7-resume").inserted {
            if let event = dispatcher.resume(sender: "s7", at: now) { events.append(Logged(at: now, event: event)) }
            changed = true
        }
        return changed
    }

}
