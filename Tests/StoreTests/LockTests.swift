import Foundation
import GRDB
import Store
import Testing

@Suite("SQLiteStore writer lock")
struct LockTests {
    @Test("a free lock is taken, reported and released")
    func acquireAndRelease() throws {
        let store = try SQLiteStore.inMemory(now: { .testNow.addingTimeInterval(5) })
        let holder = makeHolder()

        let acquired = try store.acquireLock(for: holder, timeout: .zero)

        #expect(acquired.id == holder.id)
        #expect(acquired.acquiredAt == .testNow.addingTimeInterval(5))
        #expect(try store.lockHolder() == acquired)
        #expect(try store.acquireLock(for: holder, timeout: .zero) == acquired)
        try store.releaseLock(holder)
        #expect(try store.lockHolder() == nil)
    }

    @Test("a second holder waits out its timeout and gets .locked naming the holder")
    func secondHolderTimesOut() throws {
        let store = try makeStore()
        let first = try store.acquireLock(for: makeHolder(command: "run"), timeout: .zero)
        let clock = ContinuousClock()
        let start = clock.now

        let error = expectStoreError(.locked) {
            _ = try store.acquireLock(for: makeHolder(command: "apply"), timeout: .milliseconds(120))
        }

        #expect(clock.now - start >= .milliseconds(120))
        #expect(error?.holder == first)
        #expect(error?.message.contains("`engine run` (pid \(getpid()) on \(ProcessInfo.processInfo.hostName)") == true)
        #expect(error?.message.contains("Wait for it to finish") == true)
        #expect(try store.lockHolder() == first)
    }

    @Test("a lock whose process has ended on this host is taken over, and the takeover recorded")
    func deadHolderTakenOver() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path, now: { .testNow })
        let ended = try endedProcessID()
        _ = try store.acquireLock(for: makeHolder(command: "run", pid: ended), timeout: .zero)
        let successor = makeHolder(command: "apply")

        let acquired = try store.acquireLock(for: successor, timeout: .zero)

        #expect(acquired.id == successor.id)
        #expect(try store.lockHolder()?.id == successor.id)
        let message = try rawConnection(to: path).read { db in
            try String.fetchOne(db, sql: "SELECT message FROM events WHERE kind = 'lock.taken-over'")
        }
        #expect(message?.contains("pid \(ended)") == true)
    }

    @Test("a lock held on another host is never taken over, and the error says how to clear it")
    func otherHostNotTakenOver() throws {
        let store = try makeStore()
        let remote = try store.acquireLock(for: makeHolder(pid: try endedProcessID(), host: "elsewhere"), timeout: .zero)

        let error = expectStoreError(.locked) { _ = try store.acquireLock(for: makeHolder(), timeout: .zero) }

        #expect(error?.holder == remote)
        #expect(error?.message.contains("DELETE FROM locks") == true)
    }

    @Test("releasing a lock one does not hold changes nothing")
    func releaseByNonHolder() throws {
        let store = try makeStore()
        let holder = try store.acquireLock(for: makeHolder(), timeout: .zero)

        try store.releaseLock(makeHolder())

        #expect(try store.lockHolder() == holder)
    }

    @Test("two stores on one file contend for the lock")
    func twoStoresContend() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        let firstHolder = try first.acquireLock(for: makeHolder(command: "run"), timeout: .zero)

        let error = expectStoreError(.locked) {
            _ = try second.acquireLock(for: makeHolder(command: "apply"), timeout: .milliseconds(60))
        }
        #expect(error?.holder?.id == firstHolder.id)

        try first.releaseLock(firstHolder)
        let secondHolder = try second.acquireLock(for: makeHolder(command: "apply"), timeout: .zero)
        #expect(try first.lockHolder() == secondHolder)
    }

    /// The pid of a process that has run and been reaped, so no process has it (until
    /// the kernel reuses it, which takes a full turn of the pid space).
    private func endedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
