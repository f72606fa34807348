import Foundation
import Testing

/// Runs the real `engine` binary on real directories: the contract scripts rely on.
@Suite("engine binary")
struct EngineBinaryTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the demo configuration at the repository root is valid")
    func demoIsValid() throws {
        let result = try Engine.run(["validate", "."], in: Self.repository)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("valid: "))
    }

    @Test("every example directory is valid, with no warnings", arguments: Self.exampleNames)
    func exampleIsValid(_ name: String) throws {
        let result = try Engine.run(["validate", "--strict", "examples/\(name)"], in: Self.repository)
        #expect(result.status == 0, "\(result.output)")
    }

    static let exampleNames: [String] = {
        let path = repository.appendingPathComponent("examples").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test("there are at least three examples")
    func enoughExamples() {
        #expect(Self.exampleNames.count >= 3)
    }

    @Test("an invalid configuration exits 1 and prints PATH:LINE:COLUMN: error[CODE]")
    func invalidExitsOne() throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: sales-1\nphone: \"+15550100001\"\nquota: { perMinute: 0 }\n")
        let result = try Engine.run(["validate", directory.url.path], in: directory.url)
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("senders.yaml:4:21: error[config.invalid-value]: "), "\(result.output)")
    }

    @Test("--format json prints the versioned document")
    func jsonFormat() throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: sales-1\nphone: \"+15550100001\"\nenabled: yes\n")
        let result = try Engine.run(["validate", "--format", "json", "."], in: directory.url)
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        #expect(document["valid"] as? Bool == false)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["code"] as? String == "config.type-mismatch")
        #expect(diagnostics.first?["line"] as? Int == 4)
        #expect(diagnostics.first?["column"] as? Int == 10)
    }

    @Test("warnings pass unless --strict")
    func strictFailsOnWarnings() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "flow.yaml",
            """
            kind: Sender
            name: s
            phone: "+15550100001"
            ---
            kind: Flow
            name: f
            triggers: [{ keywords: [hi] }]
            start: a
            nodes:
              a: { send: "Hi", next: end }
              b: { send: "never", next: end }
            """)
        #expect(try Engine.run(["validate", "."], in: directory.url).status == 0)
        #expect(try Engine.run(["validate", "--strict", "."], in: directory.url).status == 1)
    }

    @Test("usage errors exit 64")
    func usageError() throws {
        #expect(try Engine.run(["validate", "--format", "yaml"], in: Self.repository).status == 64)
        #expect(try Engine.run(["frobnicate"], in: Self.repository).status == 64)
    }

    @Test("a missing directory exits 1 with a message on standard error")
    func missingDirectory() throws {
        let result = try Engine.run(["validate", "/nonexistent/engine-config"], in: Self.repository)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("is not a directory"))
    }

    @Test(
        "--help output is a contract",
        arguments: [
            ["--help"], ["validate", "--help"], ["schema", "--help"], ["senders", "connect", "--help"], ["test", "--help"], ["send", "--help"],
            ["run", "--help"],
        ])
    func helpMatchesGolden(_ arguments: [String]) throws {
        let result = try Engine.run(arguments, in: Self.repository)
        #expect(result.status == 0)
        let name = arguments.filter { $0 != "--help" }.joined(separator: "-")
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots/help\(name.isEmpty ? "" : "-" + name).txt")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try result.output.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.lastPathComponent); run again without RECORD_GOLDEN")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.output == expected, "re-record with RECORD_GOLDEN=1 if the change is intended")
    }

    @Test("engine schema prints the committed engine.schema.json")
    func schemaMatchesCommittedFile() throws {
        let result = try Engine.run(["schema"], in: Self.repository)
        #expect(result.status == 0)
        let committed = try String(contentsOf: Self.repository.appendingPathComponent("engine.schema.json"), encoding: .utf8)
        #expect(result.output == committed, "run `make schema` and commit engine.schema.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let definitions = try #require(document["$defs"] as? [String: Any])
        #expect(Set(definitions.keys) == ["Settings", "Sender", "Campaign", "BroadcastList", "AutoReply", "Flow"])
    }
}

/// Runs the built `engine` executable.
enum Engine {
    struct Result {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    /// The products directory holds both the test bundle and the executable.
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        let candidate = directory.appendingPathComponent("engine")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return EngineBinaryTests.repository.appendingPathComponent(".build/debug/engine")
    }

    static func run(_ arguments: [String], in directory: URL, input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = Pipe()
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errorOutput: String(decoding: errorData, as: UTF8.self))
    }
}

/// A directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ path: String, _ contents: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
