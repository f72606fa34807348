import Foundation
import Scheduler
import Store
import Transports

extension OutboxDispatcher {
    /// A job in a sender's lane.
    enum LaneJob: Sendable {
        /// Show the typing indicator before a paced message.
        case typing(Int64)
        /// Claim, send and settle messages of the lane's sender, one after the other.
        case send([Int64])
    }

    /// Appends a job to a sender's lane: it runs once the lane's previous job finished, so
    /// a sender never has two sends in flight.
    func startLaneJob(_ job: LaneJob, on sender: String) {
        let previous = lanes[sender]
        runningJobs += 1
        if case .send(let ids) = job { queuedSends += ids.count }
        lanes[sender] = Task {
            await previous?.value
            await self.perform(job)
        }
    }

    private func perform(_ job: LaneJob) async {
        switch job {
        case .typing(let id): await showTyping(id)
        case .send(let ids): await send(ids)
        }
        runningJobs -= 1
        if runningJobs == 0 {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        wake()
    }

    /// Shows "typing…" for an assigned message; best effort, a failure changes nothing.
    private func showTyping(_ id: Int64) async {
        guard let send = pending[id], let transport = transports[send.assignment.sender] else { return }
        try? await transport.showTyping(to: send.record.recipient, replyingTo: nil)
    }

    /// Sends messages of one sender in order: each is claimed, handed to the transport,
    /// and its outcome written.
    ///
    /// The outcome of a send and the claim of the next are written in one transaction, and
    /// that transaction is shared with the other lanes writing at the same moment (see
    /// ``commitWrites(settling:claiming:)``). A row is still `sending` in a committed
    /// transaction before the transport sees it, and only the message whose send is under
    /// way is ever `sending`: a crash leaves no more rows `unknown` than one send at a time
    /// per sender would.
    private func send(_ ids: [Int64]) async {
        var remaining = ids[...]
        var outcome: OutboxSettlement?
        while true {
            let next = nextClaim(from: &remaining)
            guard outcome != nil || next != nil else { return }
            let claimed = await commitWrites(settling: outcome, claiming: next?.claim)
            outcome = nil
            guard let next else { return }
            let record: OutboxRecord
            switch claimed {
            case .failure(let error):
                // Still queued: decided again at the next tick.
                drop(next.send)
                report(RuntimeError(error))
                continue
            case .success(nil):
                // Cancelled or settled elsewhere since it was read.
                drop(next.send)
                continue
            case .success(let row?):
                record = row
            }
            outcome = await settlement(of: record, send: next.send)
        }
    }

    /// The next message of a lane to claim, dropping those that can no longer go.
    private func nextClaim(from ids: inout ArraySlice<Int64>) -> (send: PendingSend, claim: OutboxClaim)? {
        while let id = ids.popFirst() {
            queuedSends -= 1
            guard let send = pending[id] else { continue }
            let assignment = send.assignment
            // An earlier outcome in this lane may have paused the sender since the decision;
            // the row is still queued and is decided again.
            guard scheduler.sender(named: assignment.sender)?.isSelectable == true else {
                drop(send)
                continue
            }
            // A paced message moved the sender's pacing when it was decided: written with
            // the claim, so a crash before the outcome cannot shorten the next pause.
            let pacing = assignment.isBusiness ? scheduler.sender(named: assignment.sender).map(SenderPacing.init) : nil
            let claim = OutboxClaim(
                id: id, sender: assignment.sender, countedAt: assignment.sendAt, at: now(), senderPacing: pacing, queued: send.record)
            return (send, claim)
        }
        return nil
    }

    /// Forgets an assignment whose row stays queued: it is decided again.
    private func drop(_ send: PendingSend) {
        pending[send.record.id] = nil
        changeCount += 1
    }

    /// Hands a claimed message to the transport and works out what to write.
    private func settlement(of claimed: OutboxRecord, send: PendingSend) async -> OutboxSettlement {
        let assignment = send.assignment
        let outcome: SendOutcome
        switch Result(catching: { () throws(RuntimeError) in try OutboxPayload.decode(claimed.payload).content() }) {
        case .failure(let error):
            outcome = .failedMessage(code: "outbox.unreadable-payload", reason: error.message)
        case .success(let content):
            if let transport = transports[assignment.sender] {
                outcome = await transport.send(OutboundMessage(to: claimed.recipient, content: content), attempt: max(0, claimed.attempts - 1))
            } else {
                outcome = .failedForSender(code: "outbox.no-transport", reason: "sender '\(assignment.sender)' has no transport")
            }
        }
        return settle(claimed, send: send, outcome: outcome)
    }

    /// Hands an outcome to the scheduler: the message's fate with the sender's status, to
    /// write in one transaction.
    private func settle(_ claimed: OutboxRecord, send: PendingSend, outcome: SendOutcome) -> OutboxSettlement {
        let at = now()
        let result = scheduler.handle(outcome, of: send.assignment, attempt: claimed.attempts, at: at, using: &random)
        pending[claimed.id] = nil
        changeCount += 1
        return OutboxSettlement(
            id: claimed.id, result: storedResult(of: result.fate, outcome: outcome, claimed: claimed, route: send.route, at: at),
            senderStatus: scheduler.sender(named: send.assignment.sender).map(SenderDispatchStatus.init),
            events: result.events.map { EventRecord($0, at: at) }, at: at, origin: claimed.origin)
    }

    /// How many times the leader of a group commit yields to let other lanes join.
    static let groupCommitYields = 4

    /// Writes an outcome and takes a claim, in the transaction of every lane that writes at
    /// the same moment: a group commit.
    ///
    /// The first lane to write leads: it yields, so that the lanes already waiting for the
    /// dispatcher's thread add their writes, and yields again while more join (at most
    /// ``groupCommitYields`` times), then commits them all on ``writerQueue`` and hands
    /// each its claim. An outcome that cannot be written leaves its row `sending` (the next
    /// start marks it unknown, or resends it) and is reported here; a failed claim is the
    /// caller's to handle.
    private func commitWrites(settling settlement: OutboxSettlement?, claiming claim: OutboxClaim?) async -> Result<OutboxRecord?, StoreError> {
        let write = GroupWrite(settlement: settlement, claim: claim)
        while writeGroup != nil {
            // The group is checked again where the write joins it: should the continuation's
            // body run after a hop, the group may have been committed in between; the write
            // then leads a group of its own rather than wait in one that is gone.
            let joined = await withCheckedContinuation { (waiter: CheckedContinuation<Result<OutboxRecord?, StoreError>?, Never>) in
                if writeGroup != nil { writeGroup?.append(write, waiter: waiter) } else { waiter.resume(returning: nil) }
            }
            if let joined { return joined }
        }
        writeGroup = WriteGroup(leader: write)
        // Lanes whose sends return meanwhile join too; a few yields at most, so that a slow
        // send never holds back the others' commit for long.
        var size = 0
        for _ in 0..<Self.groupCommitYields {
            guard let current = writeGroup?.size, current > size else { break }
            size = current
            await Task.yield()
        }
        guard let group = writeGroup else { preconditionFailure("only the leader of a group commit ends it") }
        writeGroup = nil
        // On the writer's queue: the dispatcher's thread goes on with the other lanes (their
        // outcomes gather into the next group) while this one commits.
        let store = self.store
        let (settlements, claims) = (group.settlements, group.claims)
        let results = await withCheckedContinuation { (done: CheckedContinuation<Result<[OutboxRecord?], StoreError>, Never>) in
            writerQueue.async {
                do throws(StoreError) {
                    done.resume(returning: .success(try store.settle(settlements, claiming: claims)))
                } catch {
                    done.resume(returning: .failure(error))
                }
            }
        }
        if case .failure(let error) = results {
            for settlement in group.settlements {
                report(
                    RuntimeError(
                        .store, "The outcome of outbox message \(settlement.id) could not be written: \(error.message)",
                        isTransient: error.isTransient, underlying: error))
            }
        }
        return group.resume(with: results)
    }

    /// The fate as the store writes it. An unknown outcome is sent again when the resource
    /// resends unknown messages and attempts are left.
    private func storedResult(
        of fate: MessageFate, outcome: SendOutcome, claimed: OutboxRecord, route: OutboxRoute, at: Date
    ) -> OutboxSettlement.Result {
        switch fate {
        case .sent:
            if case .accepted(let providerMessageID, _) = outcome { return .sent(providerMessageID: providerMessageID) }
            return .unknown(OutboxError(code: "outbox.no-message-id", reason: "the provider took the message without naming it"))
        case .retry(let next, let reason):
            return .retry(notBefore: next, error: OutboxError(code: outcome.code ?? "retry", reason: reason))
        case .failed(let code, let reason):
            return .failed(OutboxError(code: code, reason: reason))
        case .unknown(let code, let reason):
            if route.resendsUnknown, claimed.attempts < settings.retryPolicy.maxAttempts {
                return .retry(notBefore: at, error: OutboxError(code: code, reason: "\(reason); sent again (resendUnknown)"))
            }
            return .unknown(OutboxError(code: code, reason: reason))
        }
    }
}

/// One lane's part of a group commit.
struct GroupWrite: Sendable {
    var settlement: OutboxSettlement?
    var claim: OutboxClaim?
}

/// The writes of the lanes committing together, and the lanes waiting for their claims.
struct WriteGroup {
    private(set) var settlements: [OutboxSettlement] = []
    private(set) var claims: [OutboxClaim] = []
    /// For each write after the leader's: the position of its claim, if any, and its lane.
    private var waiters: [(claim: Int?, waiter: CheckedContinuation<Result<OutboxRecord?, StoreError>?, Never>)] = []
    private var leaderClaim: Int?

    /// The lanes' writes so far, the leader's included.
    var size: Int { waiters.count + 1 }

    init(leader: GroupWrite) {
        leaderClaim = add(leader)
    }

    /// Adds a lane's write; `waiter` resumes once the group is committed.
    mutating func append(_ write: GroupWrite, waiter: CheckedContinuation<Result<OutboxRecord?, StoreError>?, Never>) {
        waiters.append((add(write), waiter))
    }

    private mutating func add(_ write: GroupWrite) -> Int? {
        if let settlement = write.settlement { settlements.append(settlement) }
        guard let claim = write.claim else { return nil }
        claims.append(claim)
        return claims.count - 1
    }

    /// Hands every waiting lane its claim and returns the leader's.
    func resume(with results: Result<[OutboxRecord?], StoreError>) -> Result<OutboxRecord?, StoreError> {
        func result(for claim: Int?) -> Result<OutboxRecord?, StoreError> {
            results.map { claimed in claim.map { claimed[$0] } ?? nil }
        }
        for (claim, waiter) in waiters { waiter.resume(returning: result(for: claim)) }
        return result(for: leaderClaim)
    }
}
