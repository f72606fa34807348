import Foundation
import Scheduler
import Store
import Transports

extension OutboxDispatcher {
    /// A job in a sender's lane.
    enum LaneJob: Sendable {
        /// Show the typing indicator before a paced message.
        case typing(Int64)
        /// Claim, send and settle a message.
        case send(Int64)
    }

    /// Appends a job to a sender's lane: it runs once the lane's previous job finished, so
    /// a sender never has two sends in flight.
    func startLaneJob(_ job: LaneJob, on sender: String) {
        let previous = lanes[sender]
        runningJobs += 1
        lanes[sender] = Task {
            await previous?.value
            await self.perform(job)
        }
    }

    private func perform(_ job: LaneJob) async {
        switch job {
        case .typing(let id): await showTyping(id)
        case .send(let id): await send(id)
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

    /// Claims a message, hands it to the transport and writes the outcome.
    private func send(_ id: Int64) async {
        guard let send = pending[id] else { return }
        let assignment = send.assignment
        // An earlier outcome in this lane may have paused the sender since the decision;
        // the row is still queued and is decided again.
        guard scheduler.sender(named: assignment.sender)?.isSelectable == true else {
            pending[id] = nil
            changeCount += 1
            return
        }
        let claimed: OutboxRecord?
        do throws(StoreError) {
            // A paced message moved the sender's pacing when it was decided: written with
            // the claim, so a crash before the outcome cannot shorten the next pause.
            let pacing = assignment.isBusiness ? scheduler.sender(named: assignment.sender).map(SenderPacing.init) : nil
            claimed = try store.claim(
                OutboxClaim(id: id, sender: assignment.sender, countedAt: assignment.sendAt, at: now(), senderPacing: pacing))
        } catch {
            // Still queued: decided again at the next tick.
            pending[id] = nil
            changeCount += 1
            report(RuntimeError(error))
            return
        }
        guard let claimed else {
            // Cancelled or settled elsewhere since it was read.
            pending[id] = nil
            changeCount += 1
            return
        }
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
        settle(claimed, send: send, outcome: outcome)
    }

    /// Hands an outcome to the scheduler and writes the message's fate with the sender's
    /// status in one transaction.
    private func settle(_ claimed: OutboxRecord, send: PendingSend, outcome: SendOutcome) {
        let at = now()
        let result = scheduler.handle(outcome, of: send.assignment, attempt: claimed.attempts, at: at, using: &random)
        let settlement = OutboxSettlement(
            id: claimed.id, result: storedResult(of: result.fate, outcome: outcome, claimed: claimed, route: send.route, at: at),
            senderStatus: scheduler.sender(named: send.assignment.sender).map(SenderDispatchStatus.init),
            events: result.events.map { EventRecord($0, at: at) }, at: at)
        pending[claimed.id] = nil
        changeCount += 1
        do throws(StoreError) {
            try store.settle(settlement)
        } catch {
            // The row stays `sending`: the next start marks it unknown (or resends it).
            report(
                RuntimeError(
                    .store, "The outcome of outbox message \(claimed.id) could not be written: \(error.message)", isTransient: error.isTransient,
                    underlying: error))
        }
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
