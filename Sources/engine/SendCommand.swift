import ArgumentParser
import Crypto
import Foundation
import Manifest
import Runtime
import Store
import Templates

/// `engine send`: queue one message, or one per row of a CSV file, through the outbox.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Queue a message, or one per row of a CSV file, for the daemon to send.",
        discussion: """
            Messages go into the state's outbox, like every other message: `engine run` sends them from the sender given, within its quotas, with pacing. Contacts who opted out are skipped.

            --burst sends them as fast as the hard limits allow: no pacing pause, spreading or typing indicator, but every quota window (minute, hour, day), the provider's throughput cap and the per-contact pair limit still hold.

            --file reads a CSV with a phone column and a text column; the text is a template that can use the row's columns (<<contact.name>>, <<contact.order>>). A row's message is queued once: running the same file again queues nothing new, so a retry after an error cannot send twice.

            Exit codes: 0 queued (or nothing new to queue), 1 error (invalid configuration, numbers or file), 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(help: ArgumentHelp("The sender to send from (optional with one sender).", valueName: "name"))
    var sender: String?

    @Option(help: ArgumentHelp("The recipient's phone number.", valueName: "phone"))
    var to: String?

    @Option(help: ArgumentHelp("The text to send.", valueName: "text"))
    var text: String?

    @Option(help: ArgumentHelp("A CSV file with phone and text columns: one message per row.", valueName: "file"))
    var file: String?

    @Flag(help: "Skip pacing delays (never the quotas, throughput cap or pair limit).")
    var burst = false

    @OptionGroup var state: StateOptions

    func validate() throws {
        switch (to, text, file) {
        case (.some, .some, nil), (nil, nil, .some): return
        default: throw ValidationError("give either --to and --text, or --file")
        }
    }

    func run() throws {
        _ = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        let configuration = report.configuration
        let senderName = try Self.sender(sender, in: configuration.senders)
        let code = configuration.settings.defaultCountryCode
        var messages: [(phone: String, text: String, key: String)] = []
        if let to, let text {
            guard let phone = ManualSend.recipient(to, defaultCountryCode: code) else {
                Terminal.standardError.write("error: '\(to)' is not a phone number; write it in E.164, such as +15550109001\n")
                throw ExitCode.failure
            }
            messages.append((phone, text, ManualSend.uniqueDedupeKey()))
        } else if let file {
            messages = try Self.rows(of: file, defaultCountryCode: code)
        }
        let path = state.resolvedPath(for: configuration.directory)
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.standardError.write("error: no state at \(path); run `engine apply` first\n")
            throw ExitCode.failure
        }
        var queued = 0, repeated = 0, optedOut = 0
        do {
            let send = ManualSend(store: try SQLiteStore(path: path), source: "engine send")
            let outcomes = try send.enqueue(
                messages.map {
                    ManualSend.Message(
                        recipient: $0.phone, payload: OutboxPayload(text: $0.text), dedupeKey: $0.key, sender: senderName, isBurst: burst)
                }
            )
            for outcome in outcomes {
                switch outcome {
                case .queued: queued += 1
                case .alreadyQueued: repeated += 1
                case .optedOut: optedOut += 1
                }
            }
        } catch let error as StoreError {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        } catch let error as RuntimeError {
            Terminal.standardError.write("error: \(error)\n")
            throw ExitCode.failure
        }
        var line = "queued \(queued) message\(queued == 1 ? "" : "s") from \(senderName)"
        if burst, queued > 0 { line += " without pacing (burst)" }
        if repeated > 0 { line += "; \(repeated) already queued before" }
        if optedOut > 0 { line += "; \(optedOut) skipped (opted out)" }
        Terminal.standardOutput.write(line + "; `engine run` sends them\n")
        if queued > 0, configuration.senders.first(where: { $0.header.name == senderName })?.transport == .cloudAPI {
            Terminal.standardError.write(
                "warning: \(senderName) uses the Cloud API: free-form text reaches only contacts who wrote to it in the last 24 hours; "
                    + "the others fail (outbox.outside-service-window) without being sent\n")
        }
    }

    /// The sender called `name`, or the only one.
    static func sender(_ name: String?, in senders: [Sender]) throws -> String {
        if let name {
            return try SendersConnectCommand.sender(named: name, in: senders, requiringGateway: false).header.name
        }
        guard senders.count == 1, let only = senders.first else {
            Terminal.standardError.write(
                "error: the configuration has \(senders.count) senders; choose one with --sender (\(senders.map(\.header.name).sorted().joined(separator: ", ")))\n"
            )
            throw ExitCode.failure
        }
        return only.header.name
    }

    /// One message per row of `path`, keyed by the file's content and the number, so the
    /// same file queues nothing twice.
    static func rows(of path: String, defaultCountryCode: String?) throws -> [(phone: String, text: String, key: String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.standardError.write("error: cannot read \(path)\n")
            throw ExitCode.failure
        }
        let contacts = ContactsFile.parse(bytes: Array(data), defaultCountryCode: defaultCountryCode)
        var problems = contacts.issues.map { "\(path):\($0.line):\($0.column): error[\($0.code)]: \($0.summary)" }
        guard let textColumn = contacts.column(named: "text") ?? contacts.column(named: "message") else {
            problems.append("\(path):1:1: error: the file needs a 'text' (or 'message') column with each row's message")
            Terminal.standardError.write(problems.joined(separator: "\n") + "\n")
            throw ExitCode.failure
        }
        let digest = SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
        var rows: [(String, String, String)] = []
        for contact in contacts.contacts {
            var fields: [String: TemplateValue] = ["phone": .string(contact.phone.e164), "phoneNumber": .string(contact.phone.e164)]
            for (index, column) in contacts.columns.enumerated() where index != textColumn {
                fields[column] = .string(contact[column: index])
            }
            if let name = contact.name { fields["name"] = .string(name) }
            let source = contact[column: textColumn]
            let parsed = Template.parse(source)
            if let issue = parsed.issues.first {
                problems.append("\(path):\(contact.line):1: error: \(issue.summary)")
                continue
            }
            let text = parsed.template.render(TemplateContext(["contact": .object(fields)])).text
            rows.append((contact.phone.e164, text, ManualSend.dedupeKey(fileDigest: digest, recipient: contact.phone.e164)))
        }
        guard problems.isEmpty else {
            Terminal.standardError.write(problems.joined(separator: "\n") + "\nerror: nothing was queued; fix the file and run again\n")
            throw ExitCode.failure
        }
        return rows
    }
}
