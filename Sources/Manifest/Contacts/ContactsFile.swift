/// A contact list read from a CSV file: its columns, the contacts that passed every
/// check, and every issue found.
///
/// The header row names the columns. The phone column is the first, in the order of
/// `phoneColumnNames`, whose name matches ignoring case; a `name` column is optional;
/// every column is kept, by index, for `contact.<column>` variables. A row with any
/// issue is left out of `contacts`; rows whose fields are all blank (spreadsheets
/// export them) are skipped silently.
public struct ContactsFile: Sendable {
    /// The accepted names of the phone column, most preferred first.
    public static let phoneColumnNames = ["phone", "phone_number", "number", "mobile", "wa_id"]

    /// The header's column names without surrounding spaces, in file order.
    public let columns: [String]
    /// The index in `columns` of the phone column, or `nil` when there is none.
    public let phoneColumn: Int?
    /// The index in `columns` of the `name` column, or `nil` when there is none.
    public let nameColumn: Int?
    /// The rows without issues, in file order, each with one value per column.
    public let contacts: [Contact]
    /// Every issue in the file, ordered by line and column.
    public let issues: [ContactIssue]
    /// How many rows passed every check (`contacts.count` when the contacts are kept).
    public let contactCount: Int
    /// For each column, how many of the accepted rows leave it blank.
    public let blankCounts: [Int]
    /// The fingerprint of the accepted rows (number and every other value).
    public var fingerprint = ContactsFingerprint()

    /// Creates a contact list from its parts.
    public init(
        columns: [String], phoneColumn: Int?, nameColumn: Int?, contacts: [Contact], issues: [ContactIssue],
        contactCount: Int? = nil, blankCounts: [Int]? = nil
    ) {
        self.columns = columns
        self.phoneColumn = phoneColumn
        self.nameColumn = nameColumn
        self.contacts = contacts
        self.issues = issues
        self.contactCount = contactCount ?? contacts.count
        self.blankCounts =
            blankCounts
            ?? columns.indices.map { column in
                contacts.count { contact in contact[column: column].allSatisfy { $0 == " " || $0 == "\t" } }
            }
    }

    /// The index of the column called `name` (exactly, after trimming), if any.
    public func column(named name: String) -> Int? {
        columns.firstIndex(of: name)
    }
}
