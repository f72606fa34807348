import ArgumentParser
import Foundation
import Manifest
import Store

/// `engine run [DIR]`: apply the configuration, then send, receive and run flows until stopped.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Apply the configuration, then send, receive webhooks and run flows until stopped.",
        discussion: """
            Applies DIR like `engine apply --auto-approve`, then runs the outbox dispatcher (quota-aware sending through each sender's transport), the flows' timers, the simulator senders, and an HTTP server with /healthz, /readyz, /webhooks/cloud-api, /webhooks/gateway/{sender} and /simulator/inbound. SIGTERM or Ctrl-C stops it: no new work is taken, sends in flight finish, and it exits 0.

            Watching the directory, the read API, metrics and the dashboard are not there yet.

            Exit codes: 0 stopped by a signal, 1 error (an invalid configuration included), 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(help: ArgumentHelp("Where the HTTP server listens (default 127.0.0.1:8080, or $ENGINE_LISTEN).", valueName: "host:port"))
    var listen: String?

    @OptionGroup var state: StateOptions

    func run() throws {
        let logger = Engine.bootstrapLogging()
        let address = listen ?? ProcessInfo.processInfo.environment["ENGINE_LISTEN"] ?? "127.0.0.1:8080"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen takes host:port, such as 127.0.0.1:8080")
        }
        let host = String(address[..<colon])
        let path = state.resolvedPath(for: directory)
        let apply = try ApplyCommand.parse([directory, "--auto-approve", "--state", path])
        try apply.run()
        let report = try ConfigurationInput.load(directory)
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: path)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
        let daemon = Daemon(configuration: report.configuration, store: store, host: host, port: port, logger: logger)
        do {
            try AsyncBridge.wait { try await daemon.run() }
        } catch let error as DaemonError {
            Terminal.standardError.write("error: \(error.description)\n")
            throw ExitCode.failure
        }
    }
}
