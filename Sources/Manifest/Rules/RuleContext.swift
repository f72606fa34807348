import Foundation

/// What the rules see: the decoded configuration, the scalars the checker deferred, and
/// a place to put diagnostics.
struct RuleContext {
    var configuration = Configuration(directory: "")
    /// Deferred scalars by ``ResourceHeader/documentKey``.
    var deferred: [String: [DeferredScalar]] = [:]
    /// Where each top-level key is written, by ``ResourceHeader/documentKey``.
    var keyLocations: [String: [String: SourceLocation]] = [:]
    /// What each campaign's or list's contacts provide, by ``ResourceHeader/documentKey``.
    var contactSummaries: [String: ContactSummary] = [:]
    var diagnostics: [Diagnostic] = []

    var directoryURL: URL { URL(fileURLWithPath: configuration.directory) }

    mutating func error(
        _ code: Diagnostic.Code, _ summary: String, at location: SourceLocation, length: Int = 1,
        resource: ResourceHeader?, fieldPath: String? = nil, notes: [String] = [], help: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                .error, code, summary, at: location, length: length, resource: resource?.id,
                fieldPath: fieldPath, notes: notes, help: help))
    }

    mutating func warning(
        _ code: Diagnostic.Code, _ summary: String, at location: SourceLocation, length: Int = 1,
        resource: ResourceHeader?, fieldPath: String? = nil, notes: [String] = [], help: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                .warning, code, summary, at: location, length: length, resource: resource?.id,
                fieldPath: fieldPath, notes: notes, help: help))
    }

    /// Where the top-level key `key` of `resource` is written.
    func location(ofKey key: String, in resource: ResourceHeader) -> SourceLocation? {
        keyLocations[resource.documentKey]?[key]
    }

    /// Deferred scalars of `resource` in `formats`, with what the loader found.
    func deferredScalars(_ resource: ResourceHeader, _ formats: Set<TextFormat>) -> [DeferredScalar] {
        (deferred[resource.documentKey] ?? []).filter { formats.contains($0.format) }
    }

    /// Deferred scalars of `resource` in `format`.
    func deferred(_ resource: ResourceHeader, _ formats: Set<TextFormat>) -> [TemplateText] {
        (deferred[resource.documentKey] ?? []).filter { formats.contains($0.format) }.map(\.value)
    }
}
