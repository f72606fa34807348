import Foundation
import Synchronization
import Templates

/// Loads and checks a configuration directory, reporting every problem at once.
///
/// Files are parsed in parallel on Dispatch's threads (never on Swift's cooperative
/// pool: parsing is CPU-bound and reading files blocks). Secrets are not resolved:
/// validate runs in CI, where no secret exists.
public struct Validator: Sendable {
    /// The configuration directory, absolute.
    public let directory: String
    /// Paths in diagnostics are relative to this directory when below it.
    public let currentDirectory: String
    /// Whether to keep what plan and apply need: each resource's spec as written
    /// (``ResourceHeader/spec``) and each contact list's fingerprint. validate alone does
    /// not, and skips the work.
    public var preparesPlan = true
    /// A further check of every flow, run in the parallel load: the engine passes the flow
    /// compiler here, so validate reports what compiling would. It receives the flow's
    /// templates already parsed without issues, by source text.
    public var flowCheck: (@Sendable (Flow, [String: Template]) -> [Diagnostic])?
    /// Files kept from earlier validations of this directory (a daemon's reloads); the
    /// cache must only be shared by validators with the same settings.
    public var cache: ValidationCache?

    /// Creates a validator for `directory` (relative paths resolve against `currentDirectory`).
    public init(directory: String, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.currentDirectory = currentDirectory
        let url = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
        self.directory = url.standardizedFileURL.path
    }

    /// Loads and checks everything.
    /// - Throws: ``ManifestError`` when the directory itself cannot be read.
    public func validate() throws(ManifestError) -> ValidationReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ManifestError(
                .directoryNotFound, "'\(displayPath(directory))' is not a directory",
                help: "give the configuration directory, for example `engine validate .`")
        }
        let files: [String]
        do {
            files = try FileDiscovery(directory: URL(fileURLWithPath: directory)).yamlFiles()
        } catch {
            throw ManifestError(
                .directoryUnreadable, "cannot list '\(displayPath(directory))': \(error.localizedDescription)",
                help: "check the directory's permissions")
        }

        let loaded = loadInParallel(files)
        var configuration = Configuration(directory: directory)
        var diagnostics: [Diagnostic] = []
        var deferred: [String: [DeferredScalar]] = [:]
        var keyLocations: [String: [String: SourceLocation]] = [:]
        var sources: [String: SourceFile] = [:]
        var resources: [Resource] = []
        for file in loaded {
            sources[file.source.displayPath] = file.source
            diagnostics += file.diagnostics
            resources += file.resources
            deferred.merge(file.deferred) { first, _ in first }
            keyLocations.merge(file.keyLocations) { first, _ in first }
        }
        var seen: Set<String> = []
        for resource in resources.sorted(by: { $0.header.location < $1.header.location }) {
            guard seen.insert(resource.header.id).inserted else { continue }
            switch resource {
            case .settings(let settings): configuration.settings = settings
            case .sender(let sender): configuration.senders.append(sender)
            case .campaign(let campaign): configuration.campaigns.append(campaign)
            case .broadcastList(let list): configuration.broadcastLists.append(list)
            case .autoReply(let reply): configuration.autoReplies.append(reply)
            case .flow(let flow): configuration.flows.append(flow)
            }
        }

        var context = RuleContext(configuration: configuration, deferred: deferred, keyLocations: keyLocations)
        // Contact files (the bulk of the work in large configurations) parse in the
        // background while the rules that do not need them run.
        var contactRules = ContactRules(displayPath: displayPath)
        contactRules.computesFingerprints = preparesPlan
        contactRules.cache = cache
        let parsing = contactRules.startParsing(context)
        ResourceRules().run(&context, resources: resources)
        SecretRules().run(&context)
        SenderRules().run(&context)
        ReferenceRules().run(&context)
        FlowRules().run(&context)
        MessagingRules().run(&context)
        contactRules.finish(&context, parsing: parsing, sources: &sources)
        TemplateRules().run(&context)
        diagnostics += context.diagnostics

        var contacts: [String: ContactSummary] = [:]
        for header in context.configuration.headers {
            if let summary = context.contactSummaries[header.documentKey] { contacts[header.id] = summary }
        }
        var report = ValidationReport(
            configuration: context.configuration, diagnostics: Array(Set(diagnostics)).sorted(), sources: sources,
            fileCount: files.count, contacts: contacts)
        report.files = files
        return report
    }

    private func loadInParallel(_ files: [String]) -> [LoadedFile] {
        let results = Mutex<[LoadedFile?]>(Array(repeating: nil, count: files.count))
        // Largest files first, so the last file to finish is a small one and no thread
        // idles while another parses a big file at the end.
        let sizes = files.map { file in
            ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + file))?[.size] as? Int) ?? 0
        }
        let order = files.indices.sorted { sizes[$0] > sizes[$1] }
        let base = directory
        let display = displayPath
        let keepsSpecs = preparesPlan
        let flowCheck = flowCheck
        let cache = cache
        let body: @Sendable (Int) -> Void = { position in
            let index = order[position]
            let absolute = base + "/" + files[index]
            var loader = FileLoader(absolutePath: absolute, displayPath: display(absolute))
            loader.keepsSpecs = keepsSpecs
            loader.flowCheck = flowCheck
            let file = cache.map { $0.loadedFile(at: absolute, stamp: $0.stamp(absolute), load: loader.load) } ?? loader.load()
            results.withLock { $0[index] = file }
        }
        DispatchQueue.concurrentPerform(iterations: files.count, execute: body)
        cache?.retain(yamlPaths: Set(files.map { base + "/" + $0 }))
        return results.withLock { $0.compactMap { $0 } }
    }

    /// The path as the user should see it: relative to the current directory when below it.
    @Sendable func displayPath(_ absolute: String) -> String {
        let base = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        if absolute.hasPrefix(base) { return String(absolute.dropFirst(base.count)) }
        if absolute + "/" == base { return "." }
        return absolute
    }
}
