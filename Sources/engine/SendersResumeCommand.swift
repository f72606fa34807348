import ArgumentParser
import Foundation
import Manifest
import Store

/// `engine senders resume NAME [DIR]`: lifts a sender's pause.
struct SendersResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Let a paused sender send again.",
        discussion: """
            The scheduler pauses a sender after 10 failures in a row, when its health drops below 50, or at once when the provider refuses the sender itself (an expired token, a blocked number). Fix the cause, then resume: the pause is lifted, the failure streak forgiven and the health raised to 50. A running daemon picks it up within a second, and a campaign that failed because none of its senders could send runs again.

            Exit codes: 0 resumed (or was not paused), 1 error, 64 usage error.
            """
    )

    @Argument(help: "The sender's name.")
    var name: String

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @OptionGroup var state: StateOptions

    func run() throws {
        _ = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        _ = try SendersConnectCommand.sender(named: name, in: report.configuration.senders, requiringGateway: false)
        let path = state.resolvedPath(for: report.configuration.directory)
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.standardError.write("error: no state at \(path); run `engine apply` first\n")
            throw ExitCode.failure
        }
        do {
            let store = try SQLiteStore(path: path)
            if let reason = try store.resumeSender(name) {
                Terminal.standardOutput.write("\(name) resumed (it was paused: \(reason))\n")
            } else {
                Terminal.standardOutput.write("\(name) is not paused; nothing to do\n")
            }
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
    }
}
