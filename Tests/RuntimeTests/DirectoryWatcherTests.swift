import Foundation
import Runtime
import TestSupport
import Testing

@Suite("ChangeBatcher")
struct ChangeBatcherTests {
    private let start = ContinuousClock.now

    @Test("a batch closes after a quiet gap, with every path it saw")
    func quietGap() {
        var batcher = ChangeBatcher(quiet: .milliseconds(50), longest: .milliseconds(200))
        #expect(batcher.deadline == nil)
        batcher.record("a.yaml", at: start)
        batcher.record("b.yaml", at: start + .milliseconds(30))
        #expect(batcher.deadline == start + .milliseconds(80))
        #expect(batcher.take(at: start + .milliseconds(79)) == nil)
        #expect(batcher.take(at: start + .milliseconds(80)) == ["a.yaml", "b.yaml"])
        #expect(batcher.deadline == nil)
        #expect(batcher.take(at: start + .seconds(1)) == nil)
    }

    @Test("events that keep coming are cut into batches of at most the longest wait")
    func longest() {
        var batcher = ChangeBatcher(quiet: .milliseconds(50), longest: .milliseconds(200))
        var batches: [Set<String>] = []
        for step in 0..<30 {
            let now = start + .milliseconds(step * 20)
            batcher.record("f\(step)", at: now)
            if let batch = batcher.take(at: now) { batches.append(batch) }
        }
        #expect(batches.count == 2)
        #expect(batches.allSatisfy { $0.count == 11 })
    }
}

@Suite("DirectoryWatcher", .timeLimit(.minutes(1)))
struct DirectoryWatcherTests {
    /// Waits until a batch containing `path` arrives, collecting every path seen.
    private func waitFor(_ path: String, in watcher: DirectoryWatcher, seen: inout Set<String>) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        var iterator = watcher.changes.makeAsyncIterator()
        while ContinuousClock.now < deadline {
            guard let batch = await iterator.next() else { return false }
            seen.formUnion(batch)
            if seen.contains(path) { return true }
        }
        return false
    }

    @Test("writes, saves by rename, new subdirectories and removals are reported; hidden and ignored paths are not")
    func reportsChanges() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("flows/a.yaml", "kind: Flow\n")
        try directory.write(".engine/state.db", "x")
        let watcher = try DirectoryWatcher(
            directory: directory.url.path, batcher: ChangeBatcher(quiet: .milliseconds(20), longest: .milliseconds(100)),
            isIgnored: { $0 == "state.db" }, skipsDirectory: { $0 == "vendor" })
        defer { watcher.stop() }
        var seen: Set<String> = []

        try directory.write("flows/a.yaml", "kind: Flow\nname: a\n")
        #expect(await waitFor("flows/a.yaml", in: watcher, seen: &seen))

        // An editor's save: a temporary file renamed over the original.
        seen = []
        try directory.write("flows/.a.yaml.swp", "swap")
        try directory.write("flows/a.yaml.tmp", "kind: Flow\nname: b\n")
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("flows/a.yaml"))
        try FileManager.default.moveItem(
            at: directory.url.appendingPathComponent("flows/a.yaml.tmp"), to: directory.url.appendingPathComponent("flows/a.yaml"))
        #expect(await waitFor("flows/a.yaml", in: watcher, seen: &seen))
        #expect(!seen.contains("flows/.a.yaml.swp"))

        // A new directory tree: its files count, and later writes inside it are seen.
        seen = []
        try directory.write("campaigns/2026/spring.yaml", "kind: Campaign\n")
        #expect(await waitFor("campaigns/2026/spring.yaml", in: watcher, seen: &seen) || seen.contains("campaigns"))
        seen = []
        try directory.write("campaigns/2026/summer.yaml", "kind: Campaign\n")
        #expect(await waitFor("campaigns/2026/summer.yaml", in: watcher, seen: &seen))

        seen = []
        try directory.write("vendor/lib.yaml", "skipped")
        try directory.write("vendor/deeper/more.yaml", "skipped")
        try directory.write("state.db", "ignored")
        try directory.write(".engine/state.db", "hidden")
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("flows/a.yaml"))
        #expect(await waitFor("flows/a.yaml", in: watcher, seen: &seen))
        #expect(!seen.contains("state.db"))
        #expect(!seen.contains { $0.hasPrefix("vendor/") })
        #expect(!seen.contains { $0.hasPrefix(".engine") })
    }

    @Test("stop ends the stream")
    func stopEnds() async throws {
        let directory = try TemporaryDirectory()
        let watcher = try DirectoryWatcher(directory: directory.url.path)
        watcher.stop()
        var iterator = watcher.changes.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test("a missing directory is a clear error")
    func missing() {
        #expect(throws: WatchError.self) { try DirectoryWatcher(directory: "/nonexistent/engine-config") }
    }
}

/// A directory under the system's temporary directory, removed when released.
private final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("watch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ path: String, _ contents: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
