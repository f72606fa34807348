import Foundation
import Store

/// What `apply` would do: the machine contract of `plan --format json` and of saved
/// plans. Version 1.
public struct Plan: Sendable, Codable {
    /// The document version; bumped only when a field changes meaning or disappears.
    public var version = 1
    /// The state the plan was made against; a saved plan is refused once it moved.
    public var serial: Int64
    public var lineage: String
    /// The revision of the files (git commit, `+dirty`, or `sha256:`).
    public var revision: String
    /// SHA-256 of every file the plan read, so a saved plan is refused when they changed.
    public var contentHash: String
    /// The configuration directory, absolute.
    public var directory: String
    public var createdAt: Date
    /// Resource changes in apply order.
    public var changes: [ResourceChange]
    /// Lifecycle transitions (campaign start/pause/resume/stop, broadcast sends).
    public var transitions: [Transition]
    /// Things the user should know (protected resources kept, an empty desired set).
    public var warnings: [String]

    /// Whether applying would change anything.
    public var hasChanges: Bool { !changes.isEmpty || !transitions.isEmpty }

    /// `Plan: N to create, N to update, N to delete, N transitions.`
    public var summaryLine: String {
        let creates = changes.count { $0.action == .create }
        let updates = changes.count { $0.action == .update }
        let deletes = changes.count { $0.action == .delete }
        return
            "Plan: \(creates) to create, \(updates) to update, \(deletes) to delete, \(transitions.count) transition\(transitions.count == 1 ? "" : "s")."
    }
}

/// One resource to create, update or delete.
public struct ResourceChange: Sendable, Codable, Hashable {
    public enum Action: String, Sendable, Codable, Hashable { case create, update, delete }
    public var action: Action
    public var kind: String
    public var name: String
    /// Why: "new in the files", "changed in the files", "removed from the files".
    public var reason: String
    /// Field-level differences (for updates; the fields set, for creates).
    public var fields: [FieldChange]
    /// How many fields are unchanged (folded in the text output).
    public var unchangedFields: Int
    /// Contact changes of campaigns and broadcast lists.
    public var contacts: ContactDelta?
    /// For a changed campaign message: how many not-yet-sent messages it affects.
    public var affectedUnsent: Int?

    public var key: ResourceKey { ResourceKey(kind: kind, name: name) }
}

/// One field's before and after.
public struct FieldChange: Sendable, Codable, Hashable {
    /// Dotted path, such as `quota.perMinute` or `nodes.ask.next`.
    public var path: String
    /// The old value as text (JSON for lists and mappings); nil when absent.
    public var before: String?
    public var after: String?
    /// A secret: values print as `(sensitive)`.
    public var isSensitive: Bool

    public init(path: String, before: String?, after: String?, isSensitive: Bool) {
        self.path = path
        self.before = before
        self.after = after
        self.isSensitive = isSensitive
    }
}

/// How a campaign's or list's contacts change.
public struct ContactDelta: Sendable, Codable, Hashable {
    public var total: Int
    public var added: Int
    public var removed: Int
    /// Of the removed: already sent, so left alone.
    public var alreadySent: Int
    /// Whose values (name, columns) changed.
    public var changed: Int

    public init(total: Int, added: Int, removed: Int, alreadySent: Int, changed: Int) {
        self.total = total
        self.added = added
        self.removed = removed
        self.alreadySent = alreadySent
        self.changed = changed
    }
}

/// A lifecycle change.
public struct Transition: Sendable, Codable, Hashable {
    public enum Action: String, Sendable, Codable, Hashable { case start, schedule, pause, resume, stop, send }
    public var action: Action
    public var kind: String
    public var name: String
    /// For broadcast sends: the send id.
    public var detail: String?
    public var reason: String
    /// How many messages it concerns.
    public var messages: Int?
    /// When the campaign is expected to finish.
    public var estimatedCompletion: Date?
}
