import ArgumentParser
import Foundation
import Manifest

/// `engine validate [DIR]`: check a configuration without touching any state.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a configuration directory and report every problem at once.",
        discussion: """
            Reads every YAML file of DIR (except hidden ones and what .engineignore lists), checks syntax, schema, references, contacts, templates and flows, and prints each problem as PATH:LINE:COLUMN: error[CODE]: SUMMARY with a source excerpt and help. Secrets are not resolved: validate needs no credentials.

            Exit codes: 0 valid (warnings allowed unless --strict), 1 invalid, 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(help: "Output format: text or json (a versioned document, the machine contract).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    /// Accepted so scripts can pass the same --state to every command; validate never
    /// reads the state.
    @OptionGroup var state: StateOptions

    func run() throws {
        let logger = Engine.bootstrapLogging()
        let started = ContinuousClock.now
        let report: ValidationReport
        do {
            var validator = Validator.compilingFlows(directory: directory)
            validator.preparesPlan = false
            report = try validator.validate()
        } catch {
            Terminal.standardError.write("error: \(error.message)\n" + (error.help.map { "  help: \($0)\n" } ?? ""))
            throw ExitCode.failure
        }
        logger.debug("validated \(report.fileCount) files in \(ContinuousClock.now - started)")
        switch format {
        case .json:
            Terminal.standardOutput.write(String(decoding: report.jsonDocument(strict: strict), as: UTF8.self) + "\n")
        case .text:
            let renderer = DiagnosticRenderer(sources: report.sources, usesColor: Terminal.standardOutput.supportsColor)
            Terminal.standardOutput.write(renderer.render(report))
        }
        if !report.isValid(strict: strict) { throw ExitCode.failure }
    }
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
