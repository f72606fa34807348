import Foundation
import Manifest
import Runtime
import Store
import Transports

/// A fresh engine for one measurement: the workload's flows written as YAML and validated
/// like `engine apply` does, a SQLite state file, a libcurl client and the runner, deployed.
struct RunnerWorld {
    let runner: FlowRunner
    let client: CurlHTTPClient
    let workload: Workload
    let directory: URL

    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// Builds everything under `directory`, which must not exist yet.
    static func make(workload: Workload, directory: URL) async throws -> RunnerWorld {
        let configuration = try loadConfiguration(workload: workload, directory: directory)
        let store = try SQLiteStore(path: directory.appendingPathComponent("state.db").path)
        let client = try CurlHTTPClient()
        let runner = FlowRunner(store: store, httpClient: client)
        let report = try await runner.deploy(configuration)
        let errors = report.diagnostics.filter(\.isError)
        guard errors.isEmpty, report.versions.count == workload.flows else {
            throw SetupError(description: "deploy compiled \(report.versions.count) of \(workload.flows) flows: \(errors.prefix(3))")
        }
        return RunnerWorld(runner: runner, client: client, workload: workload, directory: directory)
    }

    /// Writes the workload's flows under `directory/config` and validates them.
    static func loadConfiguration(workload: Workload, directory: URL) throws -> Manifest.Configuration {
        let configuration = directory.appendingPathComponent("config", isDirectory: true)
        try workload.writeConfiguration(to: configuration)
        var validator = Validator(directory: configuration.path, currentDirectory: configuration.path)
        validator.preparesPlan = false
        let report = try validator.validate()
        let errors = report.diagnostics.filter(\.isError)
        guard errors.isEmpty else {
            throw SetupError(description: "the generated flows do not validate: \(errors.prefix(3).map { "\($0.code) \($0.summary)" })")
        }
        return report.configuration
    }

    /// Hands `message` to the runner, as the webhook would.
    func handle(_ message: Workload.Message) async throws -> InboundDisposition {
        try await runner.handle(
            ReceivedMessage(
                providerMessageID: message.providerMessageID, sender: workload.sender, contactPhone: message.phone,
                profileName: "Contact \(message.contact)", text: message.text, receivedAt: Date()))
    }

    /// Checks that `disposition` is what the stream meant `message` to do.
    static func isExpected(_ disposition: InboundDisposition, for message: Workload.Message) -> Bool {
        switch disposition {
        case .started(_, _, .keyword(_, interrupted: nil)): message.isStart
        case .resumed: !message.isStart
        default: false
        }
    }
}

/// What a stream of messages did.
struct Tally: Sendable {
    var started = 0
    var resumed = 0
    var httpResumes = 0
    var unexpected = 0
    var firstUnexpected: String?

    mutating func record(_ disposition: InboundDisposition, for message: Workload.Message) {
        switch disposition {
        case .started: started += 1
        case .resumed: resumed += 1
        default: break
        }
        if case .resumed = disposition, message.isHTTPFlow { httpResumes += 1 }
        if !RunnerWorld.isExpected(disposition, for: message) {
            unexpected += 1
            if firstUnexpected == nil { firstUnexpected = "\(message.text) from \(message.phone): \(disposition)" }
        }
    }

    var summary: String { "started=\(started) resumed=\(resumed) http=\(httpResumes) unexpected=\(unexpected)" }
}
