import ArgumentParser

/// `engine senders …`: commands that act on one sender.
struct SendersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "senders",
        abstract: "Connect senders to WhatsApp and lift their pauses.",
        subcommands: [SendersConnectCommand.self, SendersResumeCommand.self]
    )
}
