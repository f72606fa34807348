import ArgumentParser
import Foundation
import Manifest
import Store
import Transports

/// `engine chat [DIR] --sender NAME --as PHONE`: talk to the flows from the terminal.
struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to the flows from the terminal, as a contact would.",
        discussion: """
            Each line you type is a message from PHONE to sender NAME; the engine's answers are shown with their buttons and list rows. Commands: /tap ID taps a button or list row, /wait DURATION lets virtual time pass (timers and delays fire), /quit leaves (so does the end of input).

            The conversation runs on a throwaway state unless --state names one, and on virtual time that starts now. Answers go through the outbox dispatcher and a simulator transport per sender, so quotas hold them until /wait lets the time pass; with --state, only this contact's queued messages are sent, and a state that a running `engine run` owns is refused. HTTP nodes make real calls.

            Exit codes: 0 done, 1 error (an invalid configuration included), 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(help: ArgumentHelp("The sender the contact writes to (optional with one sender).", valueName: "name"))
    var sender: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("The contact's phone number.", valueName: "phone"))
    var phone: String = "+15550109999"

    @Option(help: ArgumentHelp("The contact's profile name.", valueName: "name"))
    var name: String?

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp("Keep the conversation in this state database instead of a throwaway one.", valueName: "path"))
    var statePath: String?

    func run() throws {
        let directory = directory, sender = sender, phone = phone, name = name, statePath = statePath
        try AsyncBridge.wait { try await Self.chat(directory: directory, sender: sender, phone: phone, name: name, statePath: statePath) }
    }

    static func chat(directory: String, sender: String?, phone: String, name: String?, statePath: String?) async throws {
        _ = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        let clock = VirtualClock(origin: Date())
        let client: CurlHTTPClient
        var conversation: EngineConversation
        var lock: (store: SQLiteStore, holder: LockHolder)?
        defer { if let lock { try? lock.store.releaseLock(lock.holder) } }
        do {
            client = try CurlHTTPClient()
            let store = try statePath.map { path in try SQLiteStore(path: path, now: { clock.date }) } ?? SQLiteStore.inMemory(now: { clock.date })
            if statePath != nil {
                // A kept state is written like apply writes it: never beside a daemon that owns
                // it (its runner caches executions this chat would move on), nor beside an apply.
                let holder = LockHolder(command: "chat", pid: getpid(), host: ProcessInfo.processInfo.hostName, acquiredAt: Date())
                do {
                    _ = try store.acquireLock(for: holder, timeout: .zero)
                } catch {
                    Terminal.standardError.write("error: \(error.message)\n")
                    if error.holder?.command == "run" {
                        Terminal.standardError.write(
                            "  help: a daemon (engine run) owns this state: chat with it through POST /simulator/inbound, or give chat another --state\n"
                        )
                    }
                    throw ExitCode.failure
                }
                lock = (store, holder)
            }
            conversation = try await EngineConversation.start(
                configuration: report.configuration, store: store, clock: clock, sender: sender, contactPhone: phone, contactName: name,
                http: client, stubs: nil)
            _ = try await conversation.takeSent()  // a kept state's earlier messages are history
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.standardError.write("error: \(error)\n")
            throw ExitCode.failure
        }
        let isTerminal = isatty(0) != 0
        Terminal.standardOutput.write("Chatting with \(conversation.sender) as \(conversation.contactPhone). /tap ID, /wait 10m, /quit\n")
        while true {
            if isTerminal { Terminal.standardOutput.write("you › ") }
            guard let line = readLine() else { break }
            let input = line.trimmingCharacters(in: .whitespaces)
            if input.isEmpty { continue }
            do {
                let sent: [ObservedMessage]
                if input == "/quit" {
                    break
                } else if input.hasPrefix("/tap ") {
                    let id = String(input.dropFirst(5)).trimmingCharacters(in: .whitespaces)
                    sent = try await conversation.contactWrites(id, buttonID: id)
                } else if input.hasPrefix("/wait ") {
                    guard case .success(let duration) = DurationValue.parse(String(input.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else {
                        Terminal.standardError.write("'/wait' takes a duration such as 30s, 10m or 2h\n")
                        continue
                    }
                    sent = try await conversation.advance(by: duration)
                } else if input.hasPrefix("/") {
                    Terminal.standardError.write("unknown command \(input); use /tap ID, /wait DURATION or /quit\n")
                    continue
                } else {
                    sent = try await conversation.contactWrites(input, buttonID: nil)
                }
                Terminal.standardOutput.write(render(sent, from: conversation.sender))
            } catch {
                Terminal.standardError.write("error: \(error)\n")
            }
        }
        await client.shutdown()
    }

    /// Messages as the contact sees them: the text, then the buttons or list rows.
    static func render(_ messages: [ObservedMessage], from sender: String) -> String {
        var out = ""
        let indent = String(repeating: " ", count: sender.count + 3)
        for message in messages {
            var lines: [String] = []
            if let template = message.template { lines.append("(template \(template))") }
            if let media = message.mediaURL { lines.append("(media \(media))") }
            if let text = message.text { lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            if !message.buttons.isEmpty { lines.append(message.buttons.map { "[\($0)]" }.joined(separator: " ")) }
            for (index, line) in lines.enumerated() { out += (index == 0 ? "\(sender) › " : indent) + line + "\n" }
        }
        return out
    }
}
