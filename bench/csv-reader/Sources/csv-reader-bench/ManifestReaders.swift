// Only Manifest is imported here; see CSVSwiftReaders.swift.
import Manifest

enum Ours {
    /// `CSVReader(bytes:).forEachRecord`, decoding every field with `record.field(i)`.
    static func readStrings(_ bytes: [UInt8]) -> Tally {
        var tally = Tally()
        let issues = CSVReader(bytes: bytes).forEachRecord { record in
            guard !record.isHeader else { return }
            tally.rows += 1
            for index in 0..<record.count {
                tally.fieldBytes += record.field(index).utf8.count
            }
        }
        precondition(issues.isEmpty, "CSVReader issues: \(issues.prefix(3))")
        return tally
    }

    /// The same scan, touching only `record.fieldBytes(i)`: no `String` is built.
    /// Escaped fields still hold their doubled `""` here, so the byte total differs.
    static func scanBytes(_ bytes: [UInt8]) -> Tally {
        var tally = Tally()
        let issues = CSVReader(bytes: bytes).forEachRecord { record in
            guard !record.isHeader else { return }
            tally.rows += 1
            for index in 0..<record.count {
                tally.fieldBytes += record.fieldBytes(index).count
            }
        }
        precondition(issues.isEmpty, "CSVReader issues: \(issues.prefix(3))")
        return tally
    }

    /// `ContactsFile.parse`: reader, delimiter detection, E.164 normalisation and the
    /// duplicate check; `rows` is the accepted contacts, `fieldBytes` the issues.
    static func parseContacts(_ bytes: [UInt8], keeping: Bool) -> Tally {
        let file = ContactsFile.parse(bytes: bytes, defaultCountryCode: "1", keepingContacts: keeping)
        precondition(file.issues.isEmpty, "ContactsFile issues: \(file.issues.prefix(3))")
        if keeping {
            precondition(file.contacts.count == file.contactCount)
        }
        return Tally(rows: file.contactCount, fieldBytes: file.issues.count)
    }
}
