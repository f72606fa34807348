import ArgumentParser
import Foundation
import Manifest
import Reconcile
import Store

/// `engine plan [DIR]`: what apply would change, without changing anything.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, update, delete and start.",
        discussion: """
            Validates DIR, resolves secrets (${env:NAME}, ${file:PATH}), reads the live state and prints each change: + create, ~ update (field by field, secrets as (sensitive)), - delete, > transition (campaign start, pause, resume, stop; broadcast sends), then a summary line.

            Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error, 2 changes present (with --detailed-exitcode), 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @OptionGroup var state: StateOptions

    @Option(help: "Output format: text or json (a versioned document, the machine contract).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Save the plan to FILE for `engine apply FILE`.", valueName: "file"))
    var out: String?

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Flag(help: "Plan to delete every resource when the files declare none.")
    var allowEmpty = false

    func run() throws {
        _ = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        let store = try state.open(for: report.configuration.directory, creating: false)
        let (plan, _) = try Self.makePlan(report: report, store: store, allowEmpty: allowEmpty)
        switch format {
        case .text: Terminal.standardOutput.write(plan.renderedText())
        case .json: Terminal.standardOutput.write(String(decoding: plan.jsonDocument(), as: UTF8.self) + "\n")
        }
        if let out {
            do {
                try plan.jsonDocument().write(to: URL(fileURLWithPath: out))
            } catch {
                Terminal.standardError.write("error: cannot write the plan to \(out): \(error.localizedDescription)\n")
                throw ExitCode.failure
            }
            if format == .text { Terminal.standardOutput.write("\nSaved the plan to \(out); apply it with `engine apply \(out)`.\n") }
        }
        if detailedExitcode, plan.hasChanges { throw ExitCode.changesPresent }
    }

    /// Resolves secrets and plans; shared with apply.
    static func makePlan(
        report: ValidationReport, store: any StateStore, allowEmpty: Bool, now: Date = Date()
    ) throws -> (Plan, [ResourceKey: DesiredResource]) {
        var planner = Planner(
            report: report, store: store, resolver: SecretResolver(directory: report.configuration.directory), now: now)
        planner.allowsEmpty = allowEmpty
        let (desired, problems) = planner.desiredResources()
        if !problems.isEmpty { try ConfigurationInput.fail(with: problems, report: report) }
        let hash = planner.contentHash()
        do {
            let revision = Revision.of(directory: report.configuration.directory, contentHash: hash)
            return (try planner.plan(desired: desired, revision: revision, contentHash: hash), desired)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
    }
}
