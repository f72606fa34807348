extension Diagnostic {
    /// A stable diagnostic code. Scripts match on these; never rename one.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
    }
}

extension Diagnostic.Code {
    // Files and YAML
    /// The directory given to the command does not exist or cannot be read.
    public static let directoryUnreadable: Self = "config.directory-unreadable"
    /// A file could not be read.
    public static let fileUnreadable: Self = "config.file-unreadable"
    /// A file is larger than the engine accepts.
    public static let fileTooLarge: Self = "config.file-too-large"
    /// A file is not valid UTF-8.
    public static let invalidEncoding: Self = "config.invalid-encoding"
    /// The YAML cannot be parsed.
    public static let yamlSyntax: Self = "yaml.syntax"
    /// A mapping has the same key twice.
    public static let duplicateKey: Self = "yaml.duplicate-key"
    /// An empty document between `---` markers.
    public static let emptyDocument: Self = "config.empty-document"

    // Resource structure
    /// A document without `kind`.
    public static let missingKind: Self = "config.missing-kind"
    /// `kind` names no known kind.
    public static let unknownKind: Self = "config.unknown-kind"
    /// A key the schema does not know.
    public static let unknownKey: Self = "config.unknown-key"
    /// A required field is absent.
    public static let missingField: Self = "config.missing-field"
    /// A value has the wrong type (a list where a text is expected, ...).
    public static let typeMismatch: Self = "config.type-mismatch"
    /// A value is of the right type but not allowed (bad enum, out of range, bad format).
    public static let invalidValue: Self = "config.invalid-value"
    /// Fields that exclude each other are both present, or none of a required set is.
    public static let conflictingFields: Self = "config.conflicting-fields"
    /// A field that does not apply in this context (a cloud-api field on a simulator sender).
    public static let fieldNotApplicable: Self = "config.field-not-applicable"
    /// Two resources share `kind/name`.
    public static let duplicateResource: Self = "config.duplicate-resource"
    /// More than one `Settings` document.
    public static let duplicateSettings: Self = "config.duplicate-settings"
    /// A secret written as a literal instead of a reference.
    public static let literalSecret: Self = "secret.literal"
    /// A secret reference whose value cannot be read (plan and apply only).
    public static let unresolvedSecret: Self = "secret.unresolved"
    /// A malformed `${...}` secret reference.
    public static let invalidSecretReference: Self = "secret.invalid-reference"
    /// Quota windows out of order or not positive.
    public static let invalidQuota: Self = "sender.invalid-quota"
    /// A value that the provider will refuse (text too long, too many buttons...).
    public static let providerLimit: Self = "config.provider-limit"
    /// Two entries of a list share an identifier.
    public static let duplicateEntry: Self = "config.duplicate-entry"

    // References
    /// A reference to a sender that does not exist.
    public static let unknownSender: Self = "ref.unknown-sender"
    /// A reference to a flow that does not exist.
    public static let unknownFlow: Self = "ref.unknown-flow"
    /// A file named by a resource does not exist.
    public static let missingFile: Self = "ref.missing-file"
    /// A referenced file path leaves the configuration directory.
    public static let pathOutsideDirectory: Self = "ref.path-outside-directory"
    /// A resource needs a setting that is absent.
    public static let missingSetting: Self = "ref.missing-setting"

    // Contacts
    /// A contact's phone number that cannot be normalised to E.164.
    public static let invalidPhone: Self = "contacts.invalid-phone"
    /// A sender's own number that cannot be normalised to E.164.
    public static let invalidSenderPhone: Self = "sender.invalid-phone"
    /// The same number twice in one list.
    public static let duplicatePhone: Self = "contacts.duplicate-phone"
    /// A template uses a contact column that the contact source lacks.
    public static let missingColumn: Self = "contacts.missing-column"
    // Contact files also report contacts.missing-header, contacts.no-phone-column,
    // contacts.duplicate-column, contacts.empty-phone and the reader's csv.* codes
    // (csv.unterminated-quote, csv.stray-quote, csv.text-after-quote, csv.field-count,
    // csv.invalid-utf8).
    /// A contact list without any contact.
    public static let emptyContacts: Self = "contacts.empty"

    // Flows
    /// A flow's `start` names no node.
    public static let unknownStartNode: Self = "flow.unknown-start"
    /// An edge points at no node.
    public static let unknownNode: Self = "flow.unknown-node"
    /// A node no path from `start` reaches.
    public static let unreachableNode: Self = "flow.unreachable-node"
    /// A cycle with no wait or delay: it would spin until the step limit.
    public static let busyLoop: Self = "flow.busy-loop"
    /// A keyword claimed by two flows on the same sender.
    public static let keywordConflict: Self = "flow.keyword-conflict"
    /// A regular expression that does not compile.
    public static let invalidRegex: Self = "flow.invalid-regex"
    /// A node whose action needs an edge it lacks, or has one that never fires.
    public static let invalidEdge: Self = "flow.invalid-edge"
    /// A flow with no way to start.
    public static let noTrigger: Self = "flow.no-trigger"

    // Templates
    /// `<<` without `>>`.
    public static let templateUnbalanced: Self = "template.unbalanced"
    /// A variable outside the known namespaces.
    public static let templateUnknownNamespace: Self = "template.unknown-namespace"
    /// A variable that the namespace does not hold, or that nothing sets.
    public static let templateUnknownVariable: Self = "template.unknown-variable"
    // Syntax problems use the Templates module's codes: template.unbalanced,
    // template.empty, template.invalid-path, template.unknown-filter,
    // template.invalid-filter-argument.
}
