import ArgumentParser
import Foundation
import Manifest
import QRCodes
import Reconcile
import Store
import Transports

/// `engine senders connect NAME [DIR]`: links a gateway sender's phone by QR code.
struct SendersConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Link a gateway sender's phone by scanning a QR code.",
        discussion: """
            Validates DIR, resolves the sender's apiKey and webhookSecret, starts its gateway session and shows the QR code to scan, redrawn whenever WhatsApp rotates it, until the phone is linked. Without a terminal, prints each QR value on its own line instead.

            Only gateway senders pair by QR code; connect cloud-api senders in Meta's dashboard.

            Exit codes: 0 connected, 1 error (the session failed, or nobody scanned within --timeout), 64 usage error.
            """
    )

    @Argument(help: "The sender's name.")
    var name: String

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(
        help: ArgumentHelp("How long to wait for the scan (default 5m).", valueName: "duration"),
        transform: { text in
            switch DurationValue.parse(text) {
            case .success(let duration): return duration
            case .failure(let problem): throw ValidationError("--timeout: \(problem.message)")
            }
        })
    var timeout: Duration = .seconds(300)

    @Flag(help: "Draw the QR code for a light-on-dark terminal (ink marks the light modules).")
    var invert = false

    @OptionGroup var state: StateOptions

    func run() throws {
        let name = name, directory = directory, timeout = timeout, invert = invert
        let statePath = state.resolvedPath(for: directory)
        try AsyncBridge.wait {
            try await Self.connect(name: name, directory: directory, statePath: statePath, timeout: timeout, invert: invert)
        }
    }

    /// The connection itself, on Swift's cooperative pool while the main thread waits.
    ///
    /// Each status change is written into the state at `statePath` when that database
    /// exists (connecting never creates one), so `engine status` and a running daemon
    /// see the sender waiting for its scan, then connected.
    static func connect(name: String, directory: String, statePath: String, timeout: Duration, invert: Bool) async throws {
        let logger = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        let sender = try Self.sender(named: name, in: report.configuration.senders)
        let configuration = try Self.gatewayConfiguration(of: sender, resolver: SecretResolver(directory: report.configuration.directory))
        let client: CurlHTTPClient
        do {
            client = try CurlHTTPClient()
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
        let transport = GatewayTransport(configuration: configuration, client: client)
        let connector = SenderConnector(session: transport, clock: ContinuousClock(), timeout: timeout)
        var display = QRCodeDisplay(
            output: .standardOutput, isTerminal: isatty(1) != 0, inverted: invert,
            caption: "Scan with WhatsApp on \(sender.phone.value): Settings > Linked devices > Link a device")
        let store = FileManager.default.fileExists(atPath: statePath) ? try? SQLiteStore(path: statePath) : nil
        let senderName = sender.header.name
        func record(_ status: ConnectionStatus) {
            guard let store, let connection = SenderStatus.Connection(status) else { return }
            do {
                try store.setConnection(connection, of: senderName)
            } catch {
                logger.warning("could not record the connection of \(senderName) in \(statePath): \(error.message)")
            }
        }
        let outcome: SenderConnector<GatewayTransport, ContinuousClock>.Outcome
        do {
            outcome = try await connector.run(showQRCode: { display.show($0) }, statusChanged: record)
            await client.shutdown()
        } catch {
            await client.shutdown()
            guard let error = error as? TransportError else { throw error }
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
        switch outcome {
        case .connected(let detail):
            display.clear()
            Terminal.standardOutput.write("\(sender.header.name) is connected\(detail.map { " (\($0))" } ?? "")\n")
        case .failed(let reason):
            Terminal.standardError.write("error: \(sender.header.name) did not connect: \(reason)\n")
            throw ExitCode.failure
        case .timedOut:
            Terminal.standardError.write(
                "error: \(sender.header.name) was not linked within \(timeout); run `engine senders connect \(sender.header.name)` again, "
                    + "or pass a longer --timeout\n")
            throw ExitCode.failure
        }
    }

    /// The sender called `name` (a gateway sender unless `requiringGateway` is false);
    /// otherwise prints why not and fails.
    static func sender(named name: String, in senders: [Sender], requiringGateway: Bool = true) throws -> Sender {
        guard let sender = senders.first(where: { $0.header.name == name }) else {
            let names = senders.map(\.header.name)
            let hint =
                names.isEmpty
                ? "; the configuration declares none"
                : Suggestion.closest(to: name, among: names).map { "; did you mean '\($0)'?" }
                    ?? "; senders: " + names.sorted().joined(separator: ", ")
            Terminal.standardError.write("error: no sender '\(name)'\(hint)\n")
            throw ExitCode.failure
        }
        guard sender.transport == .gateway || !requiringGateway else {
            let help =
                sender.transport == .cloudAPI
                ? "cloud-api senders are connected in Meta's dashboard (WhatsApp Manager), not here" : "simulator senders need no connection"
            Terminal.standardError.write(
                "error: sender '\(name)' uses the \(sender.transport.rawValue) transport; only gateway senders pair by QR code\n  help: \(help)\n")
            throw ExitCode.failure
        }
        return sender
    }

    /// The gateway settings of `sender` with its secrets resolved; otherwise prints which
    /// one cannot be resolved and fails.
    static func gatewayConfiguration(of sender: Sender, resolver: SecretResolver) throws -> GatewayConfiguration {
        let settings = sender.transportSettings
        guard let base = settings["baseURL"], let baseURL = URL(string: base), let session = settings["session"] else {
            Terminal.standardError.write("error: sender '\(sender.header.name)' needs baseURL and session to reach its gateway\n")
            throw ExitCode.failure
        }
        func secret(_ field: String) throws -> String? {
            guard let text = settings[field] else { return nil }
            let problem: (message: String, help: String?)
            switch SecretReference.parse(text, field: field) {
            case .failure(let error):
                problem = (error.message, error.help)
            case .success(let reference):
                switch resolver.resolve(reference) {
                case .success(let value): return value
                case .failure(let error): problem = (error.message, error.help)
                }
            }
            Terminal.standardError.write(
                "error: cannot resolve \(field) of sender '\(sender.header.name)': \(problem.message)\n"
                    + (problem.help.map { "  help: \($0)\n" } ?? ""))
            throw ExitCode.failure
        }
        return GatewayConfiguration(baseURL: baseURL, session: session, apiKey: try secret("apiKey"), webhookSecret: try secret("webhookSecret"))
    }
}

extension SenderStatus.Connection {
    /// How a transport's report is kept in the state; nil for a passing failure to reach
    /// the gateway, which says nothing about the phone's link.
    init?(_ status: ConnectionStatus) {
        switch status {
        case .connected: self = .connected
        case .connecting: self = .connecting
        case .pairingRequired: self = .waitingForScan
        case .disconnected, .unauthorized: self = .disconnected
        case .unreachable: return nil
        }
    }
}
