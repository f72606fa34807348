/// What every resource has: identity, position, and its spec as written.
public struct ResourceHeader: Sendable, Hashable {
    /// The kind.
    public var kind: ResourceKind
    /// The name, unique per kind.
    public var name: String
    /// Where the document starts.
    public var location: SourceLocation
    /// Where the name is written.
    public var nameLocation: SourceLocation
    /// Free text.
    public var description: String?
    /// Never pruned when it disappears from the files.
    public var isProtected: Bool
    /// Every secret reference of the resource, with where it is written.
    public var secrets: [SecretField] = []
    /// The spec as written, for diffs and hashes; `.null` when the validator was told
    /// not to keep specs.
    public var spec: SpecValue

    /// `Kind/name`, the resource's identity.
    public var id: String { "\(kind.rawValue)/\(name)" }

    /// Unique even when two documents share an id (which is itself an error): the side
    /// tables of validation are keyed by it.
    var documentKey: String { "\(id)@\(location)" }
}

/// A field whose value is a secret reference.
public struct SecretField: Sendable, Hashable {
    /// The dotted field path, such as `accessToken`.
    public var fieldPath: String
    /// Where the value comes from.
    public var reference: SecretReference
    /// Where the reference is written.
    public var location: SourceLocation
}
