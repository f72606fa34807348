/// A failure of the Manifest module that is not about the configuration's content
/// (that is a ``Diagnostic``) but about reaching it.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The directory does not exist or is not a directory.
        public static let directoryNotFound = Code(rawValue: "directory-not-found")
        /// The directory exists but cannot be listed.
        public static let directoryUnreadable = Code(rawValue: "directory-unreadable")
    }

    public var code: Code
    /// What happened.
    public var message: String
    /// What to do about it.
    public var help: String?

    public init(_ code: Code, _ message: String, help: String? = nil) {
        self.code = code
        self.message = message
        self.help = help
    }

    /// Never transient: retrying will not make a directory appear.
    public var isTransient: Bool { false }

    public var description: String { message + (help.map { "\nhelp: \($0)" } ?? "") }
}
