import Foundation

/// The outcome of validating a configuration.
public struct ValidationReport: Sendable {
    /// Everything that could be decoded.
    public var configuration: Configuration
    /// Every diagnostic, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// The text of every file read, by display path, for excerpts.
    public var sources: [String: SourceFile]
    /// How many YAML files were read.
    public var fileCount: Int
    /// What the contacts of each campaign and broadcast list hold, by `Kind/name`.
    public var contacts: [String: ContactSummary]
    /// The YAML files read, relative to the configuration directory, sorted.
    public var files: [String] = []

    /// Creates a report.
    public init(
        configuration: Configuration, diagnostics: [Diagnostic], sources: [String: SourceFile], fileCount: Int,
        contacts: [String: ContactSummary] = [:]
    ) {
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.sources = sources
        self.fileCount = fileCount
        self.contacts = contacts
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// Valid means no errors; with `strict`, no warnings either.
    public func isValid(strict: Bool = false) -> Bool {
        errorCount == 0 && (!strict || warningCount == 0)
    }

    /// The last line of the text output.
    public var summaryLine: String {
        let warnings = warningCount == 1 ? "1 warning" : "\(warningCount) warnings"
        if errorCount > 0 {
            return "\(errorCount == 1 ? "1 error" : "\(errorCount) errors"), \(warnings) in \(fileCount == 1 ? "1 file" : "\(fileCount) files")"
        }
        let counts = configuration.counts
        let kinds = ResourceKind.allCases.filter { $0 != .settings && counts[$0, default: 0] > 0 }.map { $0.counted(counts[$0]!) }
        let resources = kinds.isEmpty ? "no resources" : kinds.joined(separator: ", ")
        return "valid: \(resources) in \(fileCount == 1 ? "1 file" : "\(fileCount) files")" + (warningCount > 0 ? " (\(warnings))" : "")
    }

    /// The versioned JSON document of `validate --format json`, the machine contract.
    /// Version 1: `{version, valid, errors, warnings, files, resources{Kind: n}, diagnostics[…]}`.
    public func jsonDocument(strict: Bool = false) -> Data {
        let document = JSONReport(
            version: 1, valid: isValid(strict: strict), errors: errorCount, warnings: warningCount, files: fileCount,
            resources: Dictionary(uniqueKeysWithValues: configuration.counts.map { ($0.key.rawValue, $0.value) }),
            diagnostics: diagnostics.map(JSONReport.Entry.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data("{\"version\":1}".utf8)
    }
}

private struct JSONReport: Encodable {
    struct Entry: Encodable {
        var severity: String
        var code: String
        var summary: String
        var file: String
        var line: Int
        var column: Int
        var length: Int
        var resource: String?
        var path: String?
        var notes: [String]
        var help: String?

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            summary = diagnostic.summary
            file = diagnostic.location.file
            line = diagnostic.location.line
            column = diagnostic.location.column
            length = diagnostic.length
            resource = diagnostic.resource
            path = diagnostic.fieldPath
            notes = diagnostic.notes
            help = diagnostic.help
        }
    }

    var version: Int
    var valid: Bool
    var errors: Int
    var warnings: Int
    var files: Int
    var resources: [String: Int]
    var diagnostics: [Entry]
}
