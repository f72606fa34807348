import Foundation

// dispatch-bench MODE [--option value ...]
//
// Modes (each prints one `key=value ...` line on stdout; bench/dispatch.sh makes the table):
//   engine    enqueue --messages rows in the SQLite outbox, then OutboxDispatcher.run() claims,
//             sends them through simulator transports (zero latency) and settles them as sent,
//             quotas and pacing off; the time from the loop's start to the last settle
//   raw       the same rows, enqueued by the store, then only the row writes from C: per
//             message the claim UPDATE + send-log INSERT and the settle UPDATE; --shape split
//             (claim and settle in two transactions, --batch messages each) or grouped (each
//             transaction settles --batch messages and claims the next --batch)
//   lateness  pacing on (--senders senders, --min-delay-ms..--max-delay-ms between a sender's
//             messages) for --seconds: how late the dispatcher's sleeps end, and how late its
//             loop reads the time after them, relative to their deadlines
//
// Options: --work DIR (a directory to create; removed afterwards), --messages 1000000,
// --senders 10, --shape split, --batch 1, --seconds 30, --min-delay-ms 50, --max-delay-ms 150.
// Every mode also prints peak_rss_mb, the process's VmHWM.
struct Options {
    var mode = ""
    var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        guard let mode = arguments.first else { throw BenchError("no mode") }
        self.mode = mode
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else { throw BenchError("bad option \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }

    func integer(_ name: String, _ fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
            throw BenchError("--\(name) wants a positive integer, not \(text)")
        }
        return value
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func runBenchmark() async throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let work = URL(
        fileURLWithPath: options.values["work"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("dispatch-bench-\(getpid())").path, isDirectory: true)
    guard !FileManager.default.fileExists(atPath: work.path) else { throw BenchError("\(work.path) exists") }
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let path = work.appendingPathComponent("state.db").path

    let line: String
    switch options.mode {
    case "engine":
        line = try await EngineRun(path: path, messages: try options.integer("messages", 1_000_000), senders: try options.integer("senders", 10))
            .run()
    case "raw":
        line = try RawRun(
            path: path, messages: try options.integer("messages", 1_000_000), senders: try options.integer("senders", 10),
            batch: try options.integer("batch", 1), isGrouped: options.values["shape"] == "grouped"
        ).run()
    case "lateness":
        line = try await LatenessRun(
            path: path, senders: try options.integer("senders", 20), seconds: try options.integer("seconds", 30),
            minDelay: .milliseconds(try options.integer("min-delay-ms", 50)), maxDelay: .milliseconds(try options.integer("max-delay-ms", 150))
        ).run()
    default:
        throw BenchError("unknown mode \(options.mode)")
    }
    print("mode=\(options.mode) \(line) peak_rss_mb=\(String(format: "%.1f", Memory.peakMiB()))")
}

do {
    try await runBenchmark()
} catch {
    FileHandle.standardError.write(Data("dispatch-bench: \(error)\n".utf8))
    exit(1)
}
