extension ContactsFile {
    /// Reads a contact list from the bytes of a CSV file.
    ///
    /// The delimiter (`,`, `;` or tab) is detected from the header line. Numbers are
    /// normalised with `PhoneNumber.normalize(_:defaultCountryCode:)`; values in a
    /// `wa_id` column are read as international numbers, as WhatsApp writes them,
    /// without `+`. Duplicates are judged on the normalised number, so `+1 555 010 0001`
    /// and `15550100001` (with default code `1`) are the same contact.
    ///
    /// With `keepingContacts: false` only the checks run and the counts are kept
    /// (`contacts` is empty): validate needs no values, and not building a million
    /// strings halves its time.
    /// `fingerprinting: false` skips the list's fingerprint, which only plan needs.
    public static func parse(
        bytes: [UInt8], defaultCountryCode: String?, keepingContacts: Bool = true, fingerprinting: Bool = true
    ) -> ContactsFile {
        var parser = Parser(defaultCountryCode: defaultCountryCode)
        parser.keepsContacts = keepingContacts
        parser.fingerprints = fingerprinting
        // An estimate (a short row of number and name takes about 16 bytes): counting the
        // line breaks exactly would cost a pass over the whole file.
        parser.reserveCapacity(rows: bytes.count / 16 + 1)
        let reader = CSVReader(bytes: bytes, delimiter: .detected(in: bytes))
        let csvIssues = reader.forEachRecord { record in
            parser.consume(record)
        }
        return parser.finish(csvIssues: csvIssues)
    }

    /// The state of one `parse(bytes:defaultCountryCode:)` call.
    private struct Parser {
        let defaultCountryCodeText: String?
        let defaultCountryCode: CountryCallingCode?
        var columns: [String] = []
        var phoneColumn: Int?
        var nameColumn: Int?
        var isPhoneColumnInternational = false
        var keepsContacts = true
        var fingerprints = true
        var acceptedCount = 0
        var blankCounts: [Int] = []
        var fingerprint = ContactsFingerprint()
        var hasHeader = false
        /// Every contact's values back to back, `columns.count` per contact.
        var values: [String] = []
        /// The rows that passed, waiting for `values` to stop growing: a slice taken earlier
        /// would pin an old copy of the array.
        var accepted: [(phone: PhoneNumber, name: String?, line: Int)] = []
        /// The line of each number's first row, keyed by its E.164 digits.
        var firstLineByPhone: [UInt64: Int] = [:]
        var issues: [ContactIssue] = []

        /// Prepares to read with `defaultCountryCode` as Settings spells it.
        init(defaultCountryCode: String?) {
            self.defaultCountryCodeText = defaultCountryCode
            self.defaultCountryCode = defaultCountryCode.flatMap { CountryCallingCode($0) }
        }

        /// Sizes the tables for `rows` rows up front: growing a million-entry dictionary
        /// one doubling at a time rehashes it about twenty times.
        mutating func reserveCapacity(rows: Int) {
            firstLineByPhone.reserveCapacity(rows)
            // The contact arrays grow as rows come: the estimate may be generous, and a
            // million-row list kept at three times its size would waste hundreds of MB.
        }

        /// Takes the next record without issues: the header first, then rows.
        mutating func consume(_ record: borrowing CSVRecord) {
            if record.isHeader {
                readHeader(record)
            } else if hasHeader, let phoneColumn {
                readRow(record, phoneColumn: phoneColumn)
            }
            // Without a usable header the rows cannot be interpreted; the header's own
            // issue says why, and repeating it per row would bury it.
        }

        private mutating func readHeader(_ record: borrowing CSVRecord) {
            hasHeader = true
            columns = record.fields().map(Self.trimmed)
            blankCounts = Array(repeating: 0, count: columns.count)
            let folded = columns.map { $0.lowercased() }
            var firstIndexByName: [String: Int] = [:]
            for (index, name) in folded.enumerated() where !name.isEmpty {
                guard let first = firstIndexByName[name] else {
                    firstIndexByName[name] = index
                    continue
                }
                issues.append(
                    ContactIssue(
                        code: .duplicateColumn,
                        summary: "column \(columns[index].debugDescription) repeats column \(first + 1) (\(columns[first].debugDescription))",
                        help: "rename or remove one; each column becomes a contact.<column> variable",
                        line: record.line(index),
                        column: record.column(index)
                    ))
            }
            phoneColumn = ContactsFile.phoneColumnNames.lazy.compactMap { folded.firstIndex(of: $0) }.first
            nameColumn = folded.firstIndex(of: "name")
            if let phoneColumn {
                isPhoneColumnInternational = folded[phoneColumn] == "wa_id"
                return
            }
            if let number = columns.first(where: { isPhoneNumber($0) }) {
                issues.append(
                    ContactIssue(
                        code: .missingHeader,
                        summary: "the first line is a contact, not a header (\(number.debugDescription) is a phone number)",
                        help: "add a header line above it, such as: phone,name",
                        line: record.line,
                        column: 1
                    ))
            } else {
                let names = columns.map(\.debugDescription).joined(separator: ", ")
                issues.append(
                    ContactIssue(
                        code: .noPhoneColumn,
                        summary: "the header has no phone column (it has \(names))",
                        help: "name the column that holds the numbers one of: \(ContactsFile.phoneColumnNames.joined(separator: ", "))",
                        line: record.line,
                        column: 1
                    ))
            }
        }

        private func isPhoneNumber(_ text: String) -> Bool {
            guard case .success = PhoneNumber.normalize(text, defaultCountryCode: defaultCountryCodeText) else { return false }
            return true
        }

        private mutating func readRow(_ record: borrowing CSVRecord, phoneColumn: Int) {
            let phoneBytes = record.fieldBytes(phoneColumn)
            if Self.isBlank(phoneBytes) {
                if !(0..<record.count).allSatisfy({ Self.isBlank(record.fieldBytes($0)) }) {
                    issues.append(
                        ContactIssue(
                            code: .emptyPhone,
                            summary: "row has no phone number",
                            help: "fill in the \(columns[phoneColumn].debugDescription) column or remove the row",
                            line: record.line(phoneColumn),
                            column: record.column(phoneColumn)
                        ))
                }
                return
            }
            let normalized = PhoneNumber.normalize(
                utf8: phoneBytes, defaultCountryCode: defaultCountryCode, isInternational: isPhoneColumnInternational
            )
            let phone: PhoneNumber
            switch normalized {
            case .success(let number):
                phone = number
            case .failure(let reason):
                let explained = PhoneNumber.explainingDefault(reason, defaultCountryCode: defaultCountryCodeText)
                issues.append(
                    ContactIssue(
                        PhoneNumberIssue(explained, raw: record.field(phoneColumn)),
                        line: record.line(phoneColumn),
                        column: record.column(phoneColumn)
                    ))
                return
            }
            let line = record.line(phoneColumn)
            // One hash on the common path: insert, and put the first line back on a repeat.
            if let firstLine = firstLineByPhone.updateValue(line, forKey: phone.digits) {
                firstLineByPhone[phone.digits] = firstLine
                issues.append(
                    ContactIssue(
                        code: .duplicatePhone,
                        summary: "phone number \(record.field(phoneColumn).debugDescription) is \(phone), already listed on line \(firstLine)",
                        help: "remove one of the rows; each contact is messaged once",
                        line: line,
                        column: record.column(phoneColumn)
                    ))
                return
            }
            acceptedCount += 1
            if fingerprints {
                var rowHash = ContactsFingerprint.RowHash(phone: phone)
                for field in 0..<record.count where field != phoneColumn {
                    rowHash.combine(record.fieldBytes(field))
                }
                fingerprint.add(rowHash)
            }
            for field in 0..<min(record.count, blankCounts.count) where Self.isBlank(record.fieldBytes(field)) {
                blankCounts[field] += 1
            }
            guard keepsContacts else { return }
            for field in 0..<record.count {
                values.append(record.field(field))
            }
            let name = nameColumn.map { Self.trimmed(values[values.count - record.count + $0]) }
            accepted.append((phone, name?.isEmpty == false ? name : nil, record.line))
        }

        /// Assembles the result once every record has been seen.
        func finish(csvIssues: [CSVIssue]) -> ContactsFile {
            var allIssues = csvIssues.map(ContactIssue.init) + issues
            if !hasHeader && csvIssues.isEmpty {
                allIssues.append(
                    ContactIssue(
                        code: .missingHeader,
                        summary: "the file has no header line",
                        help: "start the file with column names, such as: phone,name",
                        line: 1,
                        column: 1
                    ))
            }
            let width = columns.count
            var contacts: [Contact] = []
            contacts.reserveCapacity(accepted.count)
            for (index, row) in accepted.enumerated() {
                let start = index * width
                contacts.append(Contact(phone: row.phone, name: row.name, line: row.line, storage: values[start..<start + width]))
            }
            var file = ContactsFile(
                columns: columns,
                phoneColumn: phoneColumn,
                nameColumn: nameColumn,
                contacts: contacts,
                issues: allIssues.enumerated()
                    .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
                    .map(\.element),
                contactCount: acceptedCount,
                blankCounts: blankCounts
            )
            file.fingerprint = fingerprint
            return file
        }

        /// Whether `bytes` holds nothing but spaces and tabs.
        static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        }

        /// `text` without leading and trailing spaces and tabs; Foundation-free because it
        /// runs once per row for the name.
        static func trimmed(_ text: String) -> String {
            let utf8 = text.utf8
            let isText: (UInt8) -> Bool = { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            guard let first = utf8.firstIndex(where: isText), let last = utf8.lastIndex(where: isText) else { return "" }
            // Spaces are ASCII, so the byte after the last kept one starts a character.
            let end = utf8.index(after: last)
            if first == utf8.startIndex && end == utf8.endIndex { return text }
            return String(text[first..<end])
        }
    }
}
