import Foundation
import Synchronization

/// A serial executor with a thread of its own, for an actor whose methods block (the
/// flow runner, the outbox dispatcher, the daemon's API reader).
///
/// The store API is synchronous and SQLite blocks on disk and on other writers; run on
/// Swift's cooperative pool, such calls would hold one of its few threads (two on a small
/// machine) while waiting. An actor that uses this executor runs its methods on this
/// thread instead, so only the actor's own work waits. The thread ends when the executor
/// is released (with the actor that owns it).
public final class DedicatedThreadExecutor: SerialExecutor {
    /// The queue and the thread that drains it.
    private final class Worker: Sendable {
        private let state = Mutex<(jobs: [UnownedJob], isStopped: Bool)>(([], false))
        private let available = DispatchSemaphore(value: 0)

        func add(_ job: UnownedJob) {
            state.withLock { $0.jobs.append(job) }
            available.signal()
        }

        func stop() {
            state.withLock { $0.isStopped = true }
            available.signal()
        }

        /// Runs jobs in order until stopped.
        func run(on executor: UnownedSerialExecutor) {
            while true {
                available.wait()
                let next = state.withLock { state -> UnownedJob?? in
                    if !state.jobs.isEmpty { return .some(state.jobs.removeFirst()) }
                    return state.isStopped ? .none : .some(nil)
                }
                guard let next else { return }
                next?.runSynchronously(on: executor)
            }
        }
    }

    private let worker = Worker()

    /// Starts the thread, named `name` for debuggers and `top`.
    public init(name: String) {
        let worker = self.worker
        let executor = asUnownedSerialExecutor()
        let thread = Thread { worker.run(on: executor) }
        thread.name = name
        thread.start()
    }

    deinit {
        worker.stop()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        worker.add(UnownedJob(job))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
