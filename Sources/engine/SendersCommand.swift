import ArgumentParser

/// `engine senders …`: commands that act on one sender's connection.
struct SendersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "senders",
        abstract: "Connect senders to WhatsApp.",
        subcommands: [SendersConnectCommand.self]
    )
}
