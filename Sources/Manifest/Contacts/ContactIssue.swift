/// A problem with a contact list, positioned at the line and column of a CSV file.
///
/// Besides its own `contacts.*` codes a contact list reports the reader's `csv.*`
/// issues and, for numbers that do not normalise, the `phone.*` issue itself, so the
/// code always names the precise rule that failed.
public struct ContactIssue: Hashable, Sendable {
    /// The stable, machine-readable identity of an issue, open to the `csv.*` and
    /// `phone.*` codes; raw values are part of the diagnostics contract.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as written in diagnostics, such as `contacts.duplicate-phone`.
        public let rawValue: String

        /// Wraps a raw code string.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The code of a CSV reader issue.
        public init(_ code: CSVIssue.Code) {
            self.rawValue = code.rawValue
        }

        /// The code of a phone number issue.
        public init(_ code: PhoneNumberIssue.Code) {
            self.rawValue = code.rawValue
        }

        /// The file is empty, or its first line holds a contact rather than column names.
        public static let missingHeader = Code(rawValue: "contacts.missing-header")
        /// No header column has one of the accepted phone column names.
        public static let noPhoneColumn = Code(rawValue: "contacts.no-phone-column")
        /// Two header columns have the same name, ignoring case.
        public static let duplicateColumn = Code(rawValue: "contacts.duplicate-column")
        /// A row's phone field is empty.
        public static let emptyPhone = Code(rawValue: "contacts.empty-phone")
        /// A row's number, once normalised, is the same as an earlier row's.
        public static let duplicatePhone = Code(rawValue: "contacts.duplicate-phone")

        /// The raw value.
        public var description: String {
            rawValue
        }
    }

    /// What went wrong.
    public let code: Code
    /// One line that says what is wrong, for a person.
    public let summary: String
    /// What to do about it, when there is something useful to say.
    public let help: String?
    /// The 1-based physical line in the file.
    public let line: Int
    /// The 1-based column in Unicode scalars from the start of `line`.
    public let column: Int

    /// Creates an issue; positions are 1-based.
    public init(code: Code, summary: String, help: String?, line: Int, column: Int) {
        self.code = code
        self.summary = summary
        self.help = help
        self.line = line
        self.column = column
    }

    /// Carries a CSV reader issue over unchanged.
    public init(_ issue: CSVIssue) {
        self.init(code: Code(issue.code), summary: issue.summary, help: issue.help, line: issue.line, column: issue.column)
    }

    /// Places a phone number issue at the field that held the number.
    public init(_ issue: PhoneNumberIssue, line: Int, column: Int) {
        self.init(code: Code(issue.code), summary: issue.summary, help: issue.help, line: line, column: column)
    }
}
