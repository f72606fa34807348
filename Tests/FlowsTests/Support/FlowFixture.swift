import Flows
import Foundation
import Manifest
import Testing

/// Loads flows the way the engine does: YAML files in a temporary directory, through the
/// Manifest validator, which must find no error.
enum FlowFixture {
    /// Every flow of the files (path to contents), after validation.
    static func flows(_ files: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Flow] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-flows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, contents) in files {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file, atomically: true, encoding: .utf8)
        }
        let report = try Validator(directory: directory.path, currentDirectory: directory.path).validate()
        let errors = report.diagnostics.filter(\.isError).map { "\($0.location) \($0.code) \($0.summary)" }
        try #require(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        return report.configuration.flows.sorted { $0.header.name < $1.header.name }
    }

    /// The one flow of `yaml`.
    static func flow(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Flow {
        let flows = try flows(["flows/test.yaml": yaml], sourceLocation: sourceLocation)
        return try #require(flows.first, sourceLocation: sourceLocation)
    }

    /// Compiles `flow`, which must compile without diagnostics.
    static func program(_ flow: Flow, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Program {
        let compilation = FlowCompiler().compile(flow)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.map(\.summary))", sourceLocation: sourceLocation)
        return try #require(compilation.program, sourceLocation: sourceLocation)
    }

    /// The compiled program of the one flow in `yaml`.
    static func program(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Program {
        try program(flow(yaml, sourceLocation: sourceLocation), sourceLocation: sourceLocation)
    }

    /// The compiled programs of every flow in the files.
    static func programs(_ files: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Program] {
        try flows(files, sourceLocation: sourceLocation).map { try program($0, sourceLocation: sourceLocation) }
    }

    /// The repository's own configuration directory (the demo flows live in `flows/`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A file of the repository, as text.
    static func repositoryFile(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }
}
