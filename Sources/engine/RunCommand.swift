import ArgumentParser
import Foundation
import Manifest
import Runtime
import Server
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `engine run [DIR]`: apply the configuration, then send, receive and run flows until stopped.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Apply the configuration, then send, receive webhooks and run flows until stopped.",
        discussion: """
            Applies DIR like `engine apply --auto-approve`, then runs the outbox dispatcher (quota-aware sending through each sender's transport), the campaigns, broadcasts and flows' timers, the simulator senders, and an HTTP server with /healthz, /readyz, /metrics (Prometheus), the JSON API under /api (described by /api/openapi.json), /webhooks/cloud-api, /webhooks/gateway/{sender} and /simulator/inbound. SIGTERM or Ctrl-C stops it: no new work is taken, sends in flight finish (for up to 15 s; one still running then is marked unknown at the next start, never resent blindly), and it exits 0.

            It watches DIR (inotify, every subdirectory) and applies each valid change like `engine apply`: only changed files are read again, and senders, routes, flows and campaigns switch over without a restart. An invalid change is logged and ignored: the last valid revision keeps running until a later save fixes the files. A change that would delete every resource is refused. The daemon holds the state's writer lock while it runs, so `engine apply` on the same state refuses.

            /api requires `Authorization: Bearer TOKEN`, TOKEN being $ENGINE_API_TOKEN or else Settings' apiToken (read at start). Without a token the API is open to this machine only: --listen must then be a loopback address (127.0.0.1, localhost, ::1), or the engine refuses to start. Webhooks are checked by their own signatures, never by the token.

            Exit codes: 0 stopped by a signal, 1 error (an invalid configuration included), 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(help: ArgumentHelp("Where the HTTP server listens (default 127.0.0.1:8080, or $ENGINE_LISTEN).", valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Also re-read DIR this often even without file events, such as 30s (default: only on events).", valueName: "duration"))
    var interval: String?

    @Flag(help: "Do not watch DIR for changes (re-read it only every --interval, if given).")
    var noWatch = false

    @Option(help: "How log lines are written: text (for people) or json (one object per line).")
    var logFormat: LogFormat = .text

    @OptionGroup var state: StateOptions

    func validate() throws {
        if let interval {
            guard case .success(let duration) = DurationValue.parse(interval), duration > .zero else {
                throw ValidationError("--interval takes a duration such as 30s or 5m, not '\(interval)'")
            }
        }
    }

    func run() throws {
        let logger = Engine.bootstrapLogging(format: logFormat, defaultLevel: .info)
        let address = listen ?? ProcessInfo.processInfo.environment["ENGINE_LISTEN"] ?? "127.0.0.1:8080"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen takes host:port, such as 127.0.0.1:8080")
        }
        let host = String(address[..<colon])
        let report = try ConfigurationInput.load(directory)
        let apiToken: APIToken?
        do {
            apiToken = try APIToken.configured(settings: report.configuration.settings, directory: report.configuration.directory)
        } catch {
            Terminal.standardError.write("error: \(error.description)\n")
            throw ExitCode.failure
        }
        guard apiToken != nil || Self.isLoopback(host) else {
            Terminal.standardError.write(
                "error: --listen \(address) would open the HTTP API beyond this machine without a token; set ENGINE_API_TOKEN "
                    + "(or apiToken in Settings) so /api requires 'Authorization: Bearer <token>', or listen on 127.0.0.1\n")
            throw ExitCode.failure
        }
        let path = state.resolvedPath(for: directory)
        let apply = try ApplyCommand.parse([directory, "--auto-approve", "--state", path])
        try apply.run()
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: path)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
        // The daemon applies the files itself from now on: no other writer may.
        let holder = LockHolder(command: "run", pid: getpid(), host: ProcessInfo.processInfo.hostName, acquiredAt: Date())
        do {
            _ = try store.acquireLock(for: holder, timeout: .seconds(5))
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
        defer { try? store.releaseLock(holder) }
        var configured = Daemon(report: report, store: store, host: host, port: port, logger: logger)
        configured.apiToken = apiToken
        configured.watches = !noWatch
        configured.interval = interval.flatMap { try? DurationValue.parse($0).get() }
        let daemon = configured
        do {
            try AsyncBridge.wait { try await daemon.run() }
        } catch let error as DaemonError {
            Terminal.standardError.write("error: \(error.description)\n")
            throw ExitCode.failure
        } catch let error as WatchError {
            Terminal.standardError.write(
                "error: cannot watch \(directory): \(error.description)\n  help: pass --no-watch (and --interval) where inotify is not available\n")
            throw ExitCode.failure
        }
    }

    /// Whether `host` is only reachable from this machine.
    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }
}
