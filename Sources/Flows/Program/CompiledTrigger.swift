import Manifest

/// A flow's trigger with its keywords ready for the ``TriggerIndex``.
public struct CompiledTrigger: Sendable, Codable {
    /// How the keywords match.
    public let match: Trigger.Match
    /// The keywords as written (the patterns for `regex`).
    public let keywords: [String]
    /// The compiled patterns, for `regex` triggers; empty otherwise.
    let patterns: [CompiledRegex]
}
