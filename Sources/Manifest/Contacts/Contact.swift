/// One row of a contact list: a normalised phone number and the row's values.
public struct Contact: Hashable, Sendable {
    /// The row's number in E.164 form.
    public let phone: PhoneNumber
    /// The `name` column's value without surrounding spaces; `nil` when the file has
    /// no `name` column or the field is blank.
    public let name: String?
    /// The 1-based line on which the row starts.
    public let line: Int
    /// A window on the file's single array of values, which saves an allocation and an
    /// array header per contact; its indices are the shared array's, not 0-based.
    private let storage: ArraySlice<String>

    /// Creates a contact whose values, one per column, are `storage`.
    init(phone: PhoneNumber, name: String?, line: Int, storage: ArraySlice<String>) {
        self.phone = phone
        self.name = name
        self.line = line
        self.storage = storage
    }

    /// Creates a contact from its values, one per column of its file.
    public init(phone: PhoneNumber, name: String?, line: Int, values: [String]) {
        self.init(phone: phone, name: name, line: line, storage: values[...])
    }

    /// The value of the column at `column`, as written (the phone column too; use
    /// `phone` for the normalised number).
    ///
    /// - Precondition: `0 <= column < values.count`.
    public subscript(column column: Int) -> String {
        storage[storage.startIndex + column]
    }

    /// The values, one per column of the file, in column order.
    public var values: [String] {
        Array(storage)
    }
}
