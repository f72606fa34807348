import Flows
import Foundation

// flows-bench MODE [--option value ...]
//
// Modes (each prints one `key=value ...` line on stdout; bench/flows.sh makes the table):
//   throughput   N messages through FlowRunner.handle, --concurrency in flight
//   latency      --rate messages a second for --seconds, latency from each scheduled instant
//   sqlite       the SQLite floor: one insert+update transaction per message, from C
//   sqlite2      the same in two transactions per message, the runner's shape
//   memory       the match+step floor: TriggerIndex.route and Interpreter steps in memory
//   memory-json  the same with each state encoded to JSON and decoded back, as the runner does
//   yaml         prints the YAML of flows 0 and 1 (flow 0 has an http node)
//
// Options: --work DIR (a directory to create; removed afterwards), --url BASE (the local
// server for http nodes), --flows 1000, --keywords 10 (per flow), --contacts 50000,
// --messages 200000, --concurrency 64, --rate 1000, --seconds 10, --http-every 10.
struct Options {
    var mode = ""
    var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        guard let mode = arguments.first else { throw RunnerWorld.SetupError(description: "no mode") }
        self.mode = mode
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else { throw RunnerWorld.SetupError(description: "bad option \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }

    func integer(_ name: String, _ fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
            throw RunnerWorld.SetupError(description: "--\(name) wants a positive integer, not \(text)")
        }
        return value
    }
}

func runBenchmark() async throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    var workload = Workload()
    workload.flows = try options.integer("flows", workload.flows)
    workload.keywordsPerFlow = try options.integer("keywords", workload.keywordsPerFlow)
    workload.contacts = try options.integer("contacts", workload.contacts)
    workload.httpEvery = try options.integer("http-every", workload.httpEvery)
    workload.url = options.values["url"] ?? workload.url
    workload.runTag = "\(options.mode).\(getpid())"
    let messages = try options.integer("messages", 200_000)
    let concurrency = try options.integer("concurrency", 64)
    let work = URL(
        fileURLWithPath: options.values["work"] ?? FileManager.default.temporaryDirectory.appendingPathComponent("flows-bench-\(getpid())").path,
        isDirectory: true)
    if options.mode != "yaml" {
        guard !FileManager.default.fileExists(atPath: work.path) else { throw RunnerWorld.SetupError(description: "\(work.path) exists") }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }
    defer { try? FileManager.default.removeItem(at: work) }

    let line: String
    switch options.mode {
    case "throughput", "latency":
        let setup = ContinuousClock.now
        let world = try await RunnerWorld.make(workload: workload, directory: work)
        try await RunnerBenchmarks.warmUp(world, concurrency: concurrency)
        let ready = String(format: "setup=%.1f ", (ContinuousClock.now - setup).seconds)
        if options.mode == "throughput" {
            line = ready + (await RunnerBenchmarks.throughput(world, total: messages, concurrency: concurrency))
        } else {
            line =
                ready
                + (await RunnerBenchmarks.latency(world, rate: try options.integer("rate", 1_000), seconds: try options.integer("seconds", 10)))
        }
        await world.client.shutdown()
    case "sqlite", "sqlite2":
        var floor = SQLiteFloor(path: work.appendingPathComponent("floor.db").path, contacts: workload.contacts)
        floor.splitsTransactions = options.mode == "sqlite2"
        line = try floor.run(messages: messages)
    case "memory", "memory-json":
        let configuration = try RunnerWorld.loadConfiguration(workload: workload, directory: work)
        let (programs, diagnostics) = FlowCompiler().compile(configuration.flows)
        guard programs.count == workload.flows else { throw RunnerWorld.SetupError(description: "compile: \(diagnostics.prefix(3))") }
        let floor = InMemoryFloor(workload: workload, programs: programs, roundTripsJSON: options.mode == "memory-json")
        line = try floor.run(messages: messages)
    case "yaml":
        line = workload.document(flow: 0) + "---\n" + workload.document(flow: 1)
    default:
        throw RunnerWorld.SetupError(description: "unknown mode \(options.mode)")
    }
    print("mode=\(options.mode) " + line)
}

do {
    try await runBenchmark()
} catch {
    FileHandle.standardError.write(Data("flows-bench: \(error)\n".utf8))
    exit(1)
}
