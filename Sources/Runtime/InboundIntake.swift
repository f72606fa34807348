import Flows
import Store
import Synchronization

/// Messages (and HTTP results) waiting for the next group commit, in arrival order, and
/// who processes them.
///
/// `handle` calls add their message here from any thread, without entering the runner. The
/// first call that finds no one in charge becomes the *leader*: it enters the runner and
/// takes group after group out of the queue until its own message is processed, resuming
/// the other callers (the *followers*) with their outcomes straight from the runner's
/// thread, so they return without entering it. If messages remain, the leader hands the
/// charge to the caller of the oldest one. Under light load a group is one message; under
/// heavy load every message that arrived while the previous group was being written joins
/// the next, which shares one commit.
final class InboundIntake: Sendable {
    /// What a caller is told to do once its message is in the queue.
    enum Turn: Sendable {
        /// Its message was processed.
        case done(Result<HandledInbound, RuntimeError>)
        /// It is in charge: it processes the queue until its own message is done.
        case lead
    }

    /// What an entry asks the runner to do, as a step of the group's transaction.
    enum Work: Sendable {
        /// Store a message (whose body is `body`) and process its conversation's waiting
        /// messages; `speculation` is its step computed ahead, if any.
        case message(NewInboundMessage, body: StoredInboundBody, speculation: Speculation?)
        /// Feed the result of an HTTP call to the execution that waits for it, then process
        /// its conversation's waiting messages.
        case httpResult(PendingCall, HTTPResult, note: String?, attempts: Int)
    }

    /// Work and how to tell its caller.
    struct Entry: Sendable {
        var id: UInt64
        var work: Work
        /// Nil once its caller was told to lead: the leader returns its own outcome.
        var waiter: CheckedContinuation<Turn, Never>?
    }

    private struct State {
        var entries: [Entry] = []
        var nextID: UInt64 = 0
        var hasLeader = false
    }

    private let state = Mutex(State())

    /// Adds work; `waiter` is resumed with `.lead` at once when no one is in charge.
    ///
    /// - Returns: the work's id in the queue.
    func add(_ work: Work, waiter: CheckedContinuation<Turn, Never>) -> UInt64 {
        let (id, leads) = state.withLock { state in
            state.nextID += 1
            let leads = !state.hasLeader
            state.hasLeader = true
            state.entries.append(Entry(id: state.nextID, work: work, waiter: leads ? nil : waiter))
            return (state.nextID, leads)
        }
        if leads { waiter.resume(returning: .lead) }
        return id
    }

    /// Takes the oldest messages, at most `limit`.
    func takeGroup(limit: Int) -> [Entry] {
        state.withLock { state in
            let group = Array(state.entries.prefix(limit))
            state.entries.removeFirst(group.count)
            return group
        }
    }

    /// The leader is done: the caller of the oldest waiting message takes charge, or no one
    /// does when none waits.
    func handOver() {
        let next = state.withLock { state -> CheckedContinuation<Turn, Never>? in
            guard !state.entries.isEmpty else {
                state.hasLeader = false
                return nil
            }
            let waiter = state.entries[0].waiter
            state.entries[0].waiter = nil
            return waiter
        }
        next?.resume(returning: .lead)
    }
}
