import ArgumentParser
import Foundation
import Manifest
import Store

/// `--state PATH` (or `ENGINE_STATE`): where the live state lives. Default
/// `DIR/.engine/state.db`.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: ArgumentHelp("The state database (default DIR/.engine/state.db, or $ENGINE_STATE).", valueName: "path"))
    var path: String?

    /// The database path for configuration `directory`.
    func resolvedPath(for directory: String) -> String {
        if let path { return path }
        if let path = ProcessInfo.processInfo.environment["ENGINE_STATE"], !path.isEmpty { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(".engine/state.db").path
    }

    /// Opens the store; for read-only commands a missing database reads as empty
    /// instead of being created.
    func open(for directory: String, creating: Bool) throws -> any StateStore {
        let path = resolvedPath(for: directory)
        do {
            if !creating, !FileManager.default.fileExists(atPath: path) { return try SQLiteStore.inMemory() }
            return try SQLiteStore(path: path)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
    }
}

/// Loads and validates a configuration for the commands that act on it, printing the
/// diagnostics (and failing) when it is invalid.
enum ConfigurationInput {
    static func load(_ directory: String, format: OutputFormat = .text) throws -> ValidationReport {
        let report: ValidationReport
        do {
            report = try Validator.compilingFlows(directory: directory).validate()
        } catch {
            Terminal.standardError.write("error: \(error.message)\n" + (error.help.map { "  help: \($0)\n" } ?? ""))
            throw ExitCode.failure
        }
        guard report.isValid() else {
            let renderer = DiagnosticRenderer(sources: report.sources, usesColor: Terminal.standardError.supportsColor)
            Terminal.standardError.write(renderer.render(report))
            Terminal.standardError.write("error: the configuration is invalid; nothing was planned\n")
            throw ExitCode.failure
        }
        return report
    }

    /// Prints diagnostics that stop a command (unresolvable secrets) and fails.
    static func fail(with diagnostics: [Diagnostic], report: ValidationReport) throws -> Never {
        let renderer = DiagnosticRenderer(sources: report.sources, usesColor: Terminal.standardError.supportsColor)
        for diagnostic in diagnostics.sorted() { Terminal.standardError.write(renderer.render(diagnostic)) }
        Terminal.standardError.write("error: \(diagnostics.count) secret\(diagnostics.count == 1 ? "" : "s") cannot be resolved\n")
        throw ExitCode.failure
    }
}

extension ExitCode {
    /// A saved plan whose state moved, or whose files changed, since it was made.
    static let stalePlan = ExitCode(3)
    /// `plan --detailed-exitcode` with changes.
    static let changesPresent = ExitCode(2)
}
