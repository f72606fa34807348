import Foundation
import Synchronization

/// Runs async work from a synchronous command: the main thread waits while the work
/// runs on Swift's cooperative pool.
///
/// The root command stays synchronous on purpose: with an async root, the commands
/// that fan out over Dispatch's threads (validate, plan, apply) ran about 15% slower on
/// a million contacts, measured with bench/validate.sh.
enum AsyncBridge {
    static func wait(_ body: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        Task.detached {
            do {
                try await body()
                outcome.withLock { $0 = .success(()) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0 }?.get()
    }
}
