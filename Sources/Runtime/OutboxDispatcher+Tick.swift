import Foundation
import Scheduler
import Store

extension OutboxDispatcher {
    /// One tick, waiting for the sends it starts: decides at `now`, shows typing, claims
    /// and sends what is due, writes every outcome, and returns when to call again.
    ///
    /// The date returned is the next instant anything can happen (a paced message's start,
    /// a typing indicator's end, a retry, a quota window freeing a slot); `now` itself when
    /// sends settled, since their outcomes may let more go at once; nil when nothing will
    /// until something changes (new rows, a sender resumed or connected).
    public func runOnce(now: Date) async throws(RuntimeError) -> Date? {
        let changesBefore = changeCount
        let wake = try tick(now: now)
        await waitForSends()
        return changeCount != changesBefore ? now : wake
    }

    /// Returns once every send and typing indicator started so far has finished.
    public func waitForSends() async {
        while runningJobs > 0, !isDrainAbandoned {
            // Checked again where the waiter is added: should the continuation's body run
            // after a hop, the last job may have ended in between and would never wake it.
            await withCheckedContinuation { waiter in
                if runningJobs > 0, !isDrainAbandoned { idleWaiters.append(waiter) } else { waiter.resume() }
            }
        }
    }

    /// Decides at `now` and starts what is due, without waiting for sends.
    /// - Returns: when to decide again (see ``runOnce(now:)``), ignoring sends in flight,
    ///   which wake the loop when they settle.
    ///
    /// While the lanes hold `candidatesPerResource` or more messages not yet claimed, the
    /// tick decides nothing more: with pacing off the scheduler would hand out every row
    /// it reads, and the lanes would fall further behind with each tick. Their sends wake
    /// the loop as they settle.
    func tick(now: Date) throws(RuntimeError) -> Date? {
        try start()
        try adoptResumes(at: now)
        startDueSends(at: now)
        var nextWake: Date?
        if queuedSends < settings.candidatesPerResource {
            nextWake = try decide(at: now)
        }
        let waitingSend = pending.values.lazy.filter { !$0.isSendStarted }.map(\.assignment.sendAt).min()
        switch (nextWake, waitingSend) {
        case (let decided?, let send?): return min(decided, send)
        case (let decided, let send): return decided ?? send
        }
    }

    /// Reads the candidates, decides, and starts the assignments; returns the decision's wake.
    private func decide(at now: Date) throws(RuntimeError) -> Date? {
        let (candidates, context, closed) = try readCandidates(at: now)
        try failClosedWindows(closed, at: now)
        let decision = scheduler.decide(candidates, now: now, using: &random)
        try persistAutomaticResumes(decision.events, at: now)
        // Lane jobs in the decision's order: a reply decided before a paced message goes
        // first. The messages a sender may send now go in one job.
        var batches = LaneBatches()
        for assignment in decision.assignments {
            guard let id = Int64(assignment.candidateID), let entry = context[id] else { continue }
            var send = PendingSend(record: entry.record, assignment: assignment, route: entry.route)
            if assignment.sendAt <= now {
                send.isSendStarted = true
                pending[id] = send
                batches.add(id, sender: assignment.sender)
            } else {
                pending[id] = send
                if transports[assignment.sender] != nil {
                    if let batch = batches.take(sender: assignment.sender) { startLaneJob(.send(batch), on: assignment.sender) }
                    startLaneJob(.typing(id), on: assignment.sender)
                }
            }
        }
        for (sender, batch) in batches.all { startLaneJob(.send(batch), on: sender) }
        return decision.nextWake
    }

    /// The queued rows as candidates: replies first (as stored: due first), then business
    /// traffic due first, then oldest first. Rows already assigned and rows without a route
    /// are left out, and so are free-form messages whose every sender's customer-service
    /// window is closed at `now` (returned apart, to be failed).
    private func readCandidates(at now: Date) throws(RuntimeError) -> ([Candidate], [Int64: CandidateContext], [ClosedWindow]) {
        let selections = routes.selections
        let limit = settings.candidatesPerResource + pending.count
        let records = try storing { () throws(StoreError) in try store.queuedMessages(selections, limitEach: limit) }
        var replies: [Candidate] = []
        var business: [(record: OutboxRecord, candidate: Candidate)] = []
        var context: [Int64: CandidateContext] = [:]
        var closed: [ClosedWindow] = []
        var checkedInbox = false
        var counted: [Int64: Int] = [:]
        defer { characterCounts = counted }
        for record in records where pending[record.id] == nil {
            guard var route = routes.route(for: record) else { continue }
            // Checked when due: the contact may still write before a later message goes.
            if !windowSenders.isEmpty, record.notBefore <= now {
                let open = try sendersWithOpenWindow(for: record, allowed: route.allowedSenders, at: now, checkedInbox: &checkedInbox)
                if open.isEmpty {
                    closed.append(ClosedWindow(record: record, senders: route.allowedSenders))
                    continue
                }
                route.allowedSenders = open
            }
            // Only typing needs the text's length now; the payload is decoded again when sent.
            // The length is kept between ticks: decoding every waiting payload on every tick is most of a
            // tick's work when campaigns with typing have hundreds of rows queued.
            var characterCount = 0
            if case .business(_, let pacing) = route.traffic, pacing.typing != nil {
                characterCount = characterCounts[record.id] ?? (try? OutboxPayload.decode(record.payload))?.characterCount ?? 0
                counted[record.id] = characterCount
            }
            let candidate = Candidate(
                id: String(record.id), recipient: record.recipient, traffic: route.traffic, allowedSenders: route.allowedSenders,
                stickySender: route.isConversation ? record.sender : nil, notBefore: record.notBefore, characterCount: characterCount)
            context[record.id] = CandidateContext(record: record, route: route)
            if route.isConversation {
                replies.append(candidate)
            } else {
                business.append((record, candidate))
            }
        }
        business.sort { ($0.record.notBefore, $0.record.id) < ($1.record.notBefore, $1.record.id) }
        return (replies + business.map(\.candidate), context, closed)
    }

    /// Hands every assigned message whose send instant has come to its sender's lane,
    /// earliest first.
    private func startDueSends(at now: Date) {
        let due = pending.filter { !$0.value.isSendStarted && $0.value.assignment.sendAt <= now }
            .sorted { ($0.value.assignment.sendAt, $0.key) < ($1.value.assignment.sendAt, $1.key) }
        var batches = LaneBatches()
        for (id, send) in due {
            pending[id]?.isSendStarted = true
            batches.add(id, sender: send.assignment.sender)
        }
        for (sender, batch) in batches.all { startLaneJob(.send(batch), on: sender) }
    }

    /// Lifts the pauses that a person lifted in the store (`engine senders resume` from
    /// another process), at most once a second and only while a sender is paused here:
    /// one read of the senders' status rows.
    private func adoptResumes(at now: Date) throws(RuntimeError) {
        let paused = scheduler.senders.filter { $0.health.pause != nil }.map(\.name)
        guard !paused.isEmpty else { return }
        if let lastResumeCheck, now.timeIntervalSince(lastResumeCheck) < 1, now >= lastResumeCheck { return }
        lastResumeCheck = now
        let history = try storing { () throws(StoreError) in
            try store.dispatchHistory(senders: [], campaigns: [], sendsSince: now, campaignSendsSince: now)
        }
        for name in paused where history.senders[name].map({ $0.pause == nil }) == true {
            // The store recorded the resume and its event; this process only follows it.
            if scheduler.resume(sender: name, at: now) != nil { changeCount += 1 }
        }
    }

    /// Persists the senders that came back from a pause by themselves.
    private func persistAutomaticResumes(_ events: [SenderEvent], at now: Date) throws(RuntimeError) {
        for event in events {
            guard let sender = EventRecord.sender(of: event) else { continue }
            try saveStatus(of: sender, events: [EventRecord(event, at: now)])
        }
    }
}

/// What a candidate stands for, kept for its assignment.
struct CandidateContext: Sendable {
    var record: OutboxRecord
    var route: OutboxRoute
}

/// The messages due now of each sender, in order, to start as one lane job per sender.
struct LaneBatches {
    private var ids: [String: [Int64]] = [:]
    private var senders: [String] = []

    mutating func add(_ id: Int64, sender: String) {
        if ids[sender] == nil { senders.append(sender) }
        ids[sender, default: []].append(id)
    }

    /// Removes and returns the sender's batch, if it has one.
    mutating func take(sender: String) -> [Int64]? {
        guard let batch = ids.removeValue(forKey: sender) else { return nil }
        senders.removeAll { $0 == sender }
        return batch
    }

    /// Every batch, senders in the order they first got a message.
    var all: [(sender: String, ids: [Int64])] {
        senders.compactMap { sender in ids[sender].map { (sender, $0) } }
    }
}
