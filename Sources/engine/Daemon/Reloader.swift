import Foundation
import Manifest
import Reconcile
import Store
import Synchronization

/// Reads the configuration directory again for a running daemon: validates it (parsing
/// only the files that changed, see ``ValidationCache``), plans it against the live
/// state and applies it, like `engine apply --auto-approve`. An invalid directory, an
/// unresolvable secret or a plan that would delete every resource applies nothing: the
/// daemon keeps running its last valid configuration, and ``status`` says why.
final class Reloader: Sendable {
    let directory: String
    let store: SQLiteStore
    private let cache = ValidationCache()
    private let specCache = SpecEncodingCache()
    private let current = Mutex(ReloadStatus())

    init(directory: String, store: SQLiteStore) {
        self.directory = directory
        self.store = store
    }

    /// The outcome of the last attempt, and the revision in force.
    var status: ReloadStatus { current.withLock { $0 } }

    /// What one look at the directory found.
    enum Attempt: Sendable {
        /// Valid and planned; `plan.hasChanges` says whether there is anything to apply.
        case planned(ValidationReport, Plan, [ResourceKey: DesiredResource])
        /// Refused: the diagnostics (errors first) and a one-line reason.
        case invalid(reason: String, diagnostics: [Diagnostic])
    }

    /// Validates and plans; applies nothing.
    func plan(now: Date = Date()) -> Attempt {
        let started = ContinuousClock.now
        var validator = Validator.compilingFlows(directory: directory)
        validator.cache = cache
        let report: ValidationReport
        do {
            report = try validator.validate()
        } catch {
            return .invalid(reason: error.message, diagnostics: [])
        }
        Engine.bootstrapLogging().debug("reload: validated after \(ContinuousClock.now - started), \(cache.statistics)")
        guard report.isValid() else {
            let errors = report.diagnostics.filter { $0.severity == .error }
            return .invalid(reason: "\(errors.count) error\(errors.count == 1 ? "" : "s") in the files", diagnostics: errors)
        }
        var planner = Planner(report: report, store: store, resolver: SecretResolver(directory: report.configuration.directory), now: now)
        planner.specCache = specCache
        let (desired, problems) = planner.desiredResources()
        guard problems.isEmpty else {
            return .invalid(reason: "\(problems.count) secret\(problems.count == 1 ? "" : "s") cannot be resolved", diagnostics: problems.sorted())
        }
        if desired.isEmpty, (try? store.snapshot().resources.isEmpty) == false {
            return .invalid(
                reason: "the files declare no resources; the running configuration stays (an empty directory never wipes the state)", diagnostics: [])
        }
        Engine.bootstrapLogging().debug("reload: desired resources after \(ContinuousClock.now - started)")
        let hash = planner.contentHash()
        do {
            let plan = try planner.plan(desired: desired, revision: Revision.of(directory: directory, contentHash: hash), contentHash: hash)
            return .planned(report, plan, desired)
        } catch {
            return .invalid(reason: error.message, diagnostics: [])
        }
    }

    /// Applies a plan; records the revision either way.
    /// - Returns: nil when applied, else why not.
    func apply(_ plan: Plan, report: ValidationReport, desired: [ResourceKey: DesiredResource], now: Date = Date()) -> String? {
        let outcome = Applier(report: report, store: store, now: now).apply(plan, desired: desired)
        if let (group, error) = outcome.failure {
            let reason = "applying \(group) failed: \(error.message)"
            try? store.record(
                RevisionRecord(
                    revision: plan.revision, command: "run", outcome: outcome.applied.isEmpty ? .failed : .partial, at: Date(), summary: reason))
            return reason
        }
        try? store.record(RevisionRecord(revision: plan.revision, command: "run", outcome: .applied, at: Date(), summary: plan.summaryLine))
        return nil
    }

    /// Records an attempt that applied nothing because the files are invalid (or
    /// something failed before applying), keeping the revision in force.
    func recordRefusal(revision: String?, reason: String, diagnostics: [Diagnostic], at now: Date = Date()) {
        let summary = ([reason] + diagnostics.prefix(3).map { "\($0.location): \($0.summary)" }).joined(separator: "; ")
        try? store.record(RevisionRecord(revision: revision ?? "invalid", command: "run", outcome: .failed, at: now, summary: summary))
        current.withLock { status in
            status.attemptedAt = now
            status.attemptedRevision = revision
            status.outcome = .refused
            status.reason = reason
            status.diagnostics = diagnostics
        }
    }

    /// Records that the files are valid and in force at `revision`. A valid revision with
    /// nothing to apply after a refused one is recorded too, so the state shows the recovery.
    func recordInForce(revision: String, summary: String, applied: Bool, at now: Date = Date()) {
        let wasRefused = current.withLock { $0.outcome == .refused }
        if !applied, wasRefused {
            try? store.record(RevisionRecord(revision: revision, command: "run", outcome: .applied, at: now, summary: "no changes (recovered)"))
        }
        current.withLock { status in
            status.attemptedAt = now
            status.attemptedRevision = revision
            status.outcome = .inForce
            status.reason = summary
            status.diagnostics = []
            if applied || status.appliedRevision == nil {
                status.appliedRevision = revision
                status.appliedAt = now
            }
        }
    }
}

/// The daemon's view of its configuration: what is in force and what the last look at
/// the files found.
struct ReloadStatus: Sendable {
    enum Outcome: String, Sendable { case starting, inForce = "applied", refused = "invalid" }
    /// The revision running now, and when it was applied.
    var appliedRevision: String?
    var appliedAt: Date?
    /// The last attempt.
    var attemptedRevision: String?
    var attemptedAt: Date?
    var outcome: Outcome = .starting
    /// A line about the last attempt: the plan's summary, or why it was refused.
    var reason = ""
    /// While refused: the errors, with file, line and column.
    var diagnostics: [Diagnostic] = []
}
