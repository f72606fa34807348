import Flows
import Store
import Synchronization

/// The decoded states of the executions this runner wrote last, so that the next step of
/// an execution skips reading and decoding its state (JSON decoding cost more than
/// interpreting the step).
///
/// It never decides anything on its own: an entry is used only when the store, read in
/// the same transaction, still holds that execution at the sequence the entry was written
/// at (see ``FlowTransaction/activeExecutionStamp(in:)``). A step written by another
/// process moves the sequence, so the state is read again. Entries written in a
/// transaction are staged and kept only once it commits: a rolled-back step leaves none.
///
/// The runner stages and keeps entries; callers of `handle` read the kept ones, on their
/// own threads, to compute a step ahead (``Speculation``): hence the lock.
final class ExecutionCache: Sendable {
    private struct Entry: Sendable {
        var sequence: Int64
        var conversation: Conversation
        var state: ExecutionState
    }

    private struct Contents {
        var entries: [Int64: Entry] = [:]
        /// The execution each conversation's active one was, as far as this runner wrote.
        var byConversation: [Conversation: Int64] = [:]
        /// Writes of the transaction in progress; nil removes.
        var staged: [Int64: Entry?] = [:]
    }

    /// How many executions it keeps; beyond that it forgets some (about an eighth) at random.
    let capacity: Int
    private let contents = Mutex(Contents())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The state of execution `id` in `conversation` at `sequence`, if this runner wrote it
    /// (in a committed transaction or the one in progress).
    func state(id: Int64, sequence: Int64, in conversation: Conversation) -> ExecutionState? {
        contents.withLock { contents in
            let entry: Entry? = if let staged = contents.staged[id] { staged } else { contents.entries[id] }
            guard let entry, entry.sequence == sequence, entry.conversation == conversation else { return nil }
            return entry.state
        }
    }

    /// The active execution of `conversation` as this runner last committed it, if it knows one.
    func committedExecution(in conversation: Conversation) -> (stamp: ExecutionStamp, state: ExecutionState)? {
        contents.withLock { contents in
            guard let id = contents.byConversation[conversation], let entry = contents.entries[id] else { return nil }
            return (ExecutionStamp(id: id, sequence: entry.sequence), entry.state)
        }
    }

    /// Notes a step written in the transaction in progress: `state` at `result`, or (with
    /// nil, or an ended state) that the execution is no longer worth keeping.
    func stage(_ state: ExecutionState?, written result: ExecutionWriteResult, in conversation: Conversation) {
        let entry = state.flatMap { $0.hasEnded ? nil : Entry(sequence: result.sequence, conversation: conversation, state: $0) }
        contents.withLock { $0.staged[result.id] = .some(entry) }
    }

    /// The transaction committed: its writes are what the store holds.
    func keepStaged() {
        contents.withLock { contents in
            guard !contents.staged.isEmpty else { return }
            for (id, entry) in contents.staged {
                if let entry {
                    contents.entries[id] = entry
                    contents.byConversation[entry.conversation] = id
                } else if let old = contents.entries.removeValue(forKey: id), contents.byConversation[old.conversation] == id {
                    contents.byConversation[old.conversation] = nil
                }
            }
            contents.staged.removeAll(keepingCapacity: true)
            guard contents.entries.count > capacity else { return }
            let excess = contents.entries.count - capacity + capacity / 8
            for id in Array(contents.entries.keys.prefix(excess)) {
                if let old = contents.entries.removeValue(forKey: id), contents.byConversation[old.conversation] == id {
                    contents.byConversation[old.conversation] = nil
                }
            }
        }
    }

    /// The transaction failed: none of its writes happened.
    func dropStaged() {
        contents.withLock { $0.staged.removeAll(keepingCapacity: true) }
    }
}
