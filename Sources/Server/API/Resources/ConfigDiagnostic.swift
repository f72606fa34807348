/// One problem in the configuration files, where it is and what it is.
public struct ConfigDiagnostic: Sendable, Hashable, Codable {
    /// The file, relative to the configuration directory.
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, in characters.
    public var column: Int
    /// `error` or `warning`.
    public var severity: String
    /// The stable code, such as `config.unknown-key`.
    public var code: String?
    /// One line saying what is wrong.
    public var message: String
    /// What to do about it.
    public var help: String?

    public init(file: String, line: Int, column: Int, severity: String, code: String? = nil, message: String, help: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
        self.help = help
    }
}
