import Foundation

/// A contact ready to store: E.164 number, name, and every other value by column.
public struct ContactRecord: Sendable, Hashable {
    /// E.164, with `+`.
    public var phone: String
    public var name: String?
    /// Every other column (or inline key) by name.
    public var variables: [String: String]
}

extension ContactSource {
    /// Reads the contacts of a source that validated, for apply: a CSV file is parsed
    /// again keeping its values; inline contacts are normalised. Rows with problems are
    /// skipped (validation reported them).
    public func records(in directory: String, defaultCountryCode: String?) -> [ContactRecord] {
        switch self {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: directory + "/" + path.value) else { return [] }
            let file = ContactsFile.parse(bytes: [UInt8](data), defaultCountryCode: defaultCountryCode)
            let named = file.columns.enumerated().filter { $0.offset != file.phoneColumn && $0.offset != file.nameColumn }
            return file.contacts.map { contact in
                var variables: [String: String] = [:]
                for (index, column) in named { variables[column] = contact[column: index] }
                return ContactRecord(phone: contact.phone.e164, name: contact.name, variables: variables)
            }
        case .inline(let contacts):
            var seen: Set<UInt64> = []
            return contacts.compactMap { contact in
                guard case .success(let number) = PhoneNumber.normalize(contact.phone.value, defaultCountryCode: defaultCountryCode),
                    seen.insert(number.digits).inserted
                else { return nil }
                return ContactRecord(phone: number.e164, name: contact.name, variables: contact.fields)
            }
        }
    }

    /// The fingerprint of inline contacts (CSV files get theirs while they are checked).
    static func fingerprint(of contacts: [InlineContact], defaultCountryCode: String?) -> ContactsFingerprint {
        var fingerprint = ContactsFingerprint()
        for contact in contacts {
            guard case .success(let number) = PhoneNumber.normalize(contact.phone.value, defaultCountryCode: defaultCountryCode) else { continue }
            var row = ContactsFingerprint.RowHash(phone: number)
            row.combine((contact.name ?? "").utf8)
            for key in contact.fields.keys.sorted() {
                row.combine(key.utf8)
                row.combine(contact.fields[key]!.utf8)
            }
            fingerprint.add(row)
        }
        return fingerprint
    }
}
