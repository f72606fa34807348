import ArgumentParser
import Foundation
import Manifest
import Reconcile
import Runtime
import Store
import Synchronization
import Transports

#if canImport(Glibc)
    import Glibc
#endif

/// `engine apply [DIR | PLANFILE]`: make the live state match the files.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the live state match the files (or carry out a saved plan).",
        discussion: """
            Plans like `engine plan`, asks for confirmation on a terminal unless --auto-approve, then applies one transaction per group of resources: settings and senders first, then campaigns, broadcast lists, auto-replies and flows, then deletions. Without a terminal it never prompts: give --auto-approve or a saved plan.

            Exit codes: 0 applied (or nothing to do), 1 error, 3 a saved plan is stale (the live state or the files changed since it was made), 64 usage error.
            """
    )

    @Argument(help: "The configuration directory, or a plan saved with `engine plan --out FILE`.", completion: .file())
    var target: String = "."

    @OptionGroup var state: StateOptions

    @Flag(help: "Apply without asking for confirmation.")
    var autoApprove = false

    @Flag(help: "Delete every resource when the files declare none.")
    var allowEmpty = false

    @Option(help: ArgumentHelp("How long to wait for another writer's lock, such as 10s (default 0s: fail at once).", valueName: "duration"))
    var lockTimeout: String = "0s"

    func validate() throws {
        guard case .success = DurationValue.parse(lockTimeout) else {
            throw ValidationError("--lock-timeout takes a duration such as 0s, 500ms or 10s, not '\(lockTimeout)'")
        }
    }

    func run() throws {
        let logger = Engine.bootstrapLogging()
        let started = ContinuousClock.now
        var isDirectory: ObjCBool = false
        let isSavedPlan = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && !isDirectory.boolValue
        let saved: Plan? = isSavedPlan ? try Self.readPlan(target) : nil
        let directory = saved?.directory ?? target
        let report = try ConfigurationInput.load(directory)
        logger.debug("validated in \(ContinuousClock.now - started)")
        let store = try state.open(for: report.configuration.directory, creating: true)
        let timeout = (try? DurationValue.parse(lockTimeout).get()) ?? .zero

        let holder = LockHolder(command: "apply", pid: getpid(), host: ProcessInfo.processInfo.hostName, acquiredAt: Date())
        do {
            _ = try store.acquireLock(for: holder, timeout: timeout)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            if error.holder?.command == "run" {
                Terminal.standardError.write(
                    "  help: a daemon (engine run) owns this state and applies the files itself: edit them and let it reconcile, or stop it first\n")
            }
            throw ExitCode.failure
        }
        defer { try? store.releaseLock(holder) }

        let (fresh, desired) = try PlanCommand.makePlan(report: report, store: store, allowEmpty: allowEmpty)
        var plan = fresh
        logger.debug("planned after \(ContinuousClock.now - started)")
        if let saved {
            guard saved.lineage == fresh.lineage, saved.serial == fresh.serial else {
                Terminal.standardError.write(
                    "error: the saved plan is stale: the live state changed since it was made (serial \(saved.serial), now \(fresh.serial))\n  help: run `engine plan` again\n"
                )
                throw ExitCode.stalePlan
            }
            guard saved.contentHash == fresh.contentHash else {
                Terminal.standardError.write(
                    "error: the saved plan is stale: the files in \(saved.directory) changed since it was made\n  help: run `engine plan` again\n")
                throw ExitCode.stalePlan
            }
            plan = saved
        } else {
            Terminal.standardOutput.write(plan.renderedText())
        }
        guard plan.hasChanges else {
            try? store.record(RevisionRecord(revision: plan.revision, command: "apply", outcome: .applied, at: Date(), summary: "no changes"))
            return
        }
        if saved == nil, !autoApprove { try confirm() }

        let outcome = Applier(report: report, store: store, now: Date()).apply(plan, desired: desired)
        logger.debug("applied after \(ContinuousClock.now - started)")
        if let (group, error) = outcome.failure {
            try? store.record(
                RevisionRecord(
                    revision: plan.revision, command: "apply", outcome: outcome.applied.isEmpty ? .failed : .partial, at: Date(),
                    summary: "failed at \(group): \(error.message)"))
            if error.code == .staleState {
                Terminal.standardError.write("error: the saved plan is stale: \(error.message)\n  help: run `engine plan` again\n")
                throw ExitCode.stalePlan
            }
            Terminal.standardError.write("error: applying \(group) failed: \(error.message)\n")
            Terminal.standardError.write("  applied: \(outcome.applied.isEmpty ? "nothing" : outcome.applied.joined(separator: ", "))\n")
            Terminal.standardError.write("  not applied: \(([group] + outcome.skipped).joined(separator: ", "))\n")
            throw ExitCode.failure
        }
        let flowsDeployed = try deployFlows(report.configuration, store: store)
        try? store.record(RevisionRecord(revision: plan.revision, command: "apply", outcome: .applied, at: Date(), summary: plan.summaryLine))
        if let flowsDeployed, !flowsDeployed.isEmpty { Terminal.standardOutput.write(flowsDeployed) }
        let creates = plan.changes.count { $0.action == .create }
        let updates = plan.changes.count { $0.action == .update }
        let deletes = plan.changes.count { $0.action == .delete }
        Terminal.standardOutput.write(
            "\nApply complete at revision \(plan.revision): \(creates) created, \(updates) updated, \(deletes) deleted, "
                + "\(plan.transitions.count) transition\(plan.transitions.count == 1 ? "" : "s").\n")
    }

    /// Saves the compiled flows' versions and ends the executions of flows that were
    /// removed or turned off, as a running daemon does on reload. Returns what to tell
    /// the user about ended executions, if anything.
    private func deployFlows(_ configuration: Configuration, store: any StateStore) throws -> String? {
        guard let flowStore = store as? any FlowStateStore else { return nil }
        do {
            let client = try CurlHTTPClient()  // no call is made while deploying
            let ended = Mutex<[DeployReport.EndedExecution]>([])
            try AsyncBridge.wait {
                let report = try await FlowRunner(store: flowStore, httpClient: client).deploy(configuration)
                await client.shutdown()
                ended.withLock { $0 = report.endedExecutions }
            }
            let byFlow = Dictionary(grouping: ended.withLock { $0 }, by: { "\($0.flow) (\($0.reason))" })
            guard !byFlow.isEmpty else { return nil }
            return "Ended " + byFlow.keys.sorted().map { "\(byFlow[$0]?.count ?? 0) execution(s) of \($0)" }.joined(separator: ", ") + ".\n"
        } catch {
            Terminal.standardError.write("error: the flows could not be deployed: \(error)\n")
            throw ExitCode.failure
        }
    }

    /// Asks on a terminal; refuses to guess without one.
    private func confirm() throws {
        guard isatty(0) != 0 else {
            Terminal.standardError.write(
                "error: standard input is not a terminal, so apply cannot ask for confirmation\n  help: pass --auto-approve, or save a plan with `engine plan --out FILE` and apply that file\n"
            )
            throw ExitCode.failure
        }
        Terminal.standardOutput.write("\nDo you want to apply these changes? Only 'yes' is accepted: ")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            Terminal.standardOutput.write("Apply cancelled; nothing was changed.\n")
            throw ExitCode.failure
        }
    }

    static func readPlan(_ path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.standardError.write("error: cannot read the plan file \(path)\n")
            throw ExitCode.failure
        }
        do {
            let plan = try Plan.decode(data)
            guard plan.version == 1 else {
                Terminal.standardError.write("error: \(path) is a version \(plan.version) plan; this engine reads version 1\n")
                throw ExitCode.failure
            }
            return plan
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.standardError.write(
                "error: \(path) is not a saved plan: \(error.localizedDescription)\n  help: save one with `engine plan --out FILE`\n")
            throw ExitCode.failure
        }
    }
}
