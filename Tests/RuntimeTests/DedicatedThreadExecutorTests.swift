import Foundation
import Testing

@testable import Runtime

#if canImport(Glibc)
    import Glibc
#endif

@Suite("DedicatedThreadExecutor")
struct DedicatedThreadExecutorTests {
    /// An actor on the executor: its methods tell which thread that is.
    actor Owner {
        nonisolated let executor: DedicatedThreadExecutor
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

        init(executor: DedicatedThreadExecutor) {
            self.executor = executor
        }

        func thread() -> pthread_t { pthread_self() }
    }

    /// Nonisolated async code: it runs wherever the task prefers.
    nonisolated static func thread() async -> pthread_t {
        await Task.yield()
        return currentThread()
    }

    static func currentThread() -> pthread_t { pthread_self() }

    @Test("a task preferring the executor runs its nonisolated code, and its resumptions, on the executor's thread")
    func taskPreference() async {
        let executor = DedicatedThreadExecutor(name: "test-dedicated")
        let owner = Owner(executor: executor)
        let dedicated = await owner.thread()
        let threads = await Task(executorPreference: executor) {
            var threads: [pthread_t] = [await Self.thread()]
            await withCheckedContinuation { (resumed: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async { resumed.resume() }
            }
            threads.append(Self.currentThread())
            threads.append(await Self.thread())
            return threads
        }.value
        #expect(threads == [dedicated, dedicated, dedicated])
        let elsewhere = await Task.detached { await Self.thread() }.value
        #expect(elsewhere != dedicated, "without the preference the same code runs on the global pool")
    }
}
