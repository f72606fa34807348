import ArgumentParser
import Foundation
import Manifest
import Reconcile
import Store

/// `engine status [DIR]`: what the engine knows of every resource.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show senders, campaigns, broadcast lists, auto-replies, flows and the applied revision.",
        discussion: "Reads the live state only; it never changes it, and works while `engine run` holds the lock."
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @OptionGroup var state: StateOptions

    @Option(help: "Output format: text or json (a versioned document, the machine contract).")
    var format: OutputFormat = .text

    func run() throws {
        _ = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        let store = try state.open(for: report.configuration.directory, creating: false)
        let status: StatusReport
        do {
            status = try StatusReport(configuration: report.configuration, contacts: report.contacts, store: store, now: Date())
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
        switch format {
        case .text: Terminal.standardOutput.write(status.renderedText())
        case .json: Terminal.standardOutput.write(String(decoding: status.jsonDocument(), as: UTF8.self) + "\n")
        }
    }
}
