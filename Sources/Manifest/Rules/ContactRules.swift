import Foundation
import Synchronization

/// Contacts: every number normalises to E.164, no list holds a number twice, CSV files
/// parse, and the summary of each source is kept for the template rules.
struct ContactRules {
    /// Contact files above this size are refused; a million contacts take about 45 MB.
    static let maximumFileSize = 512 * 1024 * 1024
    /// Problems shown per contact file; the rest are counted in a note.
    static let shownProblemsPerFile = 50

    let displayPath: @Sendable (String) -> String
    /// Whether to compute each list's fingerprint (plan needs it; validate alone does not).
    var computesFingerprints = true
    /// Parses kept from earlier validations, if any.
    var cache: ValidationCache?

    /// Contact files being parsed in the background while other rules run.
    final class Parsing: Sendable {
        fileprivate let group = DispatchGroup()
        fileprivate let outcomes = Mutex<[String: FileOutcome]>([:])
        fileprivate let defaultCode: String?
        fileprivate init(defaultCode: String?) { self.defaultCode = defaultCode }
    }

    /// Starts parsing every contact file the configuration names, on Dispatch's threads;
    /// ``finish(_:parsing:sources:)`` waits for it and reports.
    func startParsing(_ context: RuleContext) -> Parsing {
        let code = context.configuration.settings.defaultCountryCode
        let parsing = Parsing(defaultCode: code.flatMap { CountryCallingCode($0) == nil ? nil : $0 })
        let files = Set(
            Self.users(of: context.configuration).compactMap { _, source -> String? in
                guard case .file(let path) = source else { return nil }
                return path.value
            }
        ).sorted()
        let directory = context.directoryURL
        parsing.group.enter()
        DispatchQueue.global().async { [self] in
            let parsed = parseFiles(files, in: directory, defaultCountryCode: parsing.defaultCode)
            parsing.outcomes.withLock { $0 = parsed }
            parsing.group.leave()
        }
        return parsing
    }

    /// Checks senders and inline contacts, waits for the files, and reports.
    func finish(_ context: inout RuleContext, parsing: Parsing, sources: inout [String: SourceFile]) {
        let settings = context.configuration.settings
        if let code = settings.defaultCountryCode, CountryCallingCode(code) == nil, let header = settings.header {
            context.error(
                .invalidValue, "'\(code)' is not an assigned country calling code",
                at: context.location(ofKey: "defaultCountryCode", in: header) ?? header.location, resource: header,
                fieldPath: "defaultCountryCode", help: "use the digits you dial after '+', such as 1, 44 or 49")
        }
        let defaultCode = parsing.defaultCode
        checkSenders(&context, defaultCode: defaultCode)
        parsing.group.wait()
        let parsed = parsing.outcomes.withLock { $0 }
        for (path, outcome) in parsed.sorted(by: { $0.key < $1.key }) {
            report(outcome, path: path, &context, sources: &sources)
        }
        for (header, source) in Self.users(of: context.configuration) {
            switch source {
            case .file(let path):
                if case .parsed(let file, _, _)? = parsed[path.value] {
                    context.contactSummaries[header.documentKey] = summary(of: file, label: path.value)
                    if file.contactCount == 0, file.issues.isEmpty {
                        context.warning(
                            .emptyContacts, "\(path.value) holds no contacts", at: path.location, length: path.value.count,
                            resource: header, help: "add rows below the header line")
                    }
                }
            case .inline(let contacts):
                context.contactSummaries[header.documentKey] = checkInline(contacts, header: header, defaultCode: defaultCode, &context)
            }
        }
    }

    /// Every resource with contacts, and where they come from.
    private static func users(of configuration: Configuration) -> [(ResourceHeader, ContactSource)] {
        configuration.campaigns.map { ($0.header, $0.contacts) } + configuration.broadcastLists.map { ($0.header, $0.members) }
    }

    // MARK: Senders

    private func checkSenders(_ context: inout RuleContext, defaultCode: String?) {
        var owners: [PhoneNumber: Sender] = [:]
        for sender in context.configuration.senders {
            switch PhoneNumber.normalize(sender.phone.value, defaultCountryCode: defaultCode) {
            case .failure(let issue):
                context.error(
                    .invalidSenderPhone, issue.summary, at: sender.phone.location, length: sender.phone.value.count + 2,
                    resource: sender.header, fieldPath: "phone", help: issue.help)
            case .success(let number):
                if let first = owners[number] {
                    context.error(
                        .duplicateEntry, "senders '\(first.header.name)' and '\(sender.header.name)' have the same number \(number.e164)",
                        at: sender.phone.location, length: sender.phone.value.count + 2, resource: sender.header, fieldPath: "phone",
                        help: "one number is one sender; its quotas would be counted twice")
                } else {
                    owners[number] = sender
                }
            }
        }
    }

    // MARK: Inline contacts

    private func checkInline(_ contacts: [InlineContact], header: ResourceHeader, defaultCode: String?, _ context: inout RuleContext)
        -> ContactSummary
    {
        var seen: [PhoneNumber: Located<String>] = [:]
        var columns: Set<String> = ["phone"]
        var filled: [String: Int] = [:]
        for contact in contacts {
            switch PhoneNumber.normalize(contact.phone.value, defaultCountryCode: defaultCode) {
            case .failure(let issue):
                context.error(
                    .invalidPhone, issue.summary, at: contact.phone.location, length: contact.phone.value.count + 2,
                    resource: header, fieldPath: "contacts", help: issue.help)
            case .success(let number):
                if let first = seen[number] {
                    context.error(
                        .duplicatePhone, "\(number.e164) is listed twice", at: contact.phone.location, length: contact.phone.value.count + 2,
                        resource: header, fieldPath: "contacts", notes: ["first listed at \(first.location)"],
                        help: "each contact gets the message once; remove one of them")
                } else {
                    seen[number] = contact.phone
                }
            }
            if let name = contact.name, !name.isEmpty {
                columns.insert("name")
                filled["name", default: 0] += 1
            }
            for (key, value) in contact.fields {
                columns.insert(key)
                if !value.isEmpty { filled[key, default: 0] += 1 }
            }
        }
        let missing = Dictionary(uniqueKeysWithValues: columns.map { ($0, $0 == "phone" ? 0 : contacts.count - filled[$0, default: 0]) })
        return ContactSummary(
            label: "the inline list", columns: columns.sorted(), missingCount: missing, count: seen.count,
            fingerprint: ContactSource.fingerprint(of: contacts, defaultCountryCode: defaultCode).description)
    }

    // MARK: Files

    enum FileOutcome: Sendable {
        case parsed(ContactsFile, display: String, text: [UInt8])
        case tooLarge(Int, display: String)
        case unreadable(display: String)
    }

    /// Parses every file once, in parallel on Dispatch's threads.
    private func parseFiles(_ paths: [String], in directory: URL, defaultCountryCode: String?) -> [String: FileOutcome] {
        let results = Mutex<[String: FileOutcome]>([:])
        let display = displayPath
        let fingerprinting = computesFingerprints
        let cache = cache
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            let absolute = directory.appendingPathComponent(path).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard !path.hasPrefix("/"), !(path as NSString).standardizingPath.hasPrefix(".."),
                FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return }  // reported by the reference rules
            let parse = { () -> FileOutcome in
                if let size = (try? FileManager.default.attributesOfItem(atPath: absolute))?[.size] as? Int, size > Self.maximumFileSize {
                    return .tooLarge(size, display: display(absolute))
                } else if let bytes = Self.readBytes(atPath: absolute) {
                    let file = ContactsFile.parse(
                        bytes: bytes, defaultCountryCode: defaultCountryCode, keepingContacts: false, fingerprinting: fingerprinting)
                    return .parsed(file, display: display(absolute), text: file.issues.isEmpty ? [] : bytes)
                } else {
                    return .unreadable(display: display(absolute))
                }
            }
            let variant = ContactParseVariant(defaultCountryCode: defaultCountryCode, fingerprinting: fingerprinting)
            let outcome = cache.map { $0.contactOutcome(at: absolute, stamp: $0.stamp(absolute), variant: variant, parse: parse) } ?? parse()
            results.withLock { $0[path] = outcome }
        }
        return results.withLock { $0 }
    }

    private func report(_ outcome: FileOutcome, path: String, _ context: inout RuleContext, sources: inout [String: SourceFile]) {
        switch outcome {
        case .tooLarge(let size, let display):
            context.diagnostics.append(
                .error(
                    .fileTooLarge, "\(path) is \(size / 1_048_576) MiB; contact files may have at most \(Self.maximumFileSize / 1_048_576) MiB",
                    at: SourceLocation(file: display, line: 1, column: 1), help: "split the list over several campaigns"))
        case .unreadable(let display):
            context.diagnostics.append(
                .error(
                    .fileUnreadable, "cannot read \(path)", at: SourceLocation(file: display, line: 1, column: 1),
                    help: "check the file's permissions"))
        case .parsed(let file, let display, let text):
            guard !file.issues.isEmpty else { return }
            sources[display] = SourceFile(displayPath: display, text: String(decoding: text, as: UTF8.self))
            var shown = file.issues.prefix(Self.shownProblemsPerFile).map { issue in
                Diagnostic.error(
                    Self.code(for: issue.code), issue.summary, at: SourceLocation(file: display, line: issue.line, column: issue.column),
                    length: Self.fieldLength(in: sources[display], line: issue.line, column: issue.column), help: issue.help)
            }
            if file.issues.count > shown.count {
                shown[shown.count - 1].notes.append("\(file.issues.count - shown.count) more problems in \(path) are not shown")
            }
            context.diagnostics += shown
        }
    }

    /// The file's bytes, read straight into an array (going through `Data` would copy
    /// a large list once more).
    static func readBytes(atPath path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), (try? handle.seek(toOffset: 0)) != nil else { return nil }
        let descriptor = handle.fileDescriptor
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
            count = 0
            while count < buffer.count {
                let read = Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if read < 0 { failed = true; return }
                if read == 0 { break }
                count += read
            }
        }
        return failed ? nil : bytes
    }

    /// Contact rows keep one code per rule, phone numbers one code whatever the reason
    /// (the summary says which); the reader's `csv.*` codes pass through.
    static func code(for code: ContactIssue.Code) -> Diagnostic.Code {
        code.rawValue.hasPrefix("phone.") ? .invalidPhone : Diagnostic.Code(rawValue: code.rawValue)
    }

    /// The width of the CSV field starting at `column`, for the caret.
    static func fieldLength(in source: SourceFile?, line: Int, column: Int) -> Int {
        guard let text = source?.line(line) else { return 1 }
        let rest = text.dropFirst(column - 1)
        if rest.first == "\"" { return 1 }
        return max(1, rest.prefix { $0 != "," && $0 != ";" && $0 != "\t" }.count)
    }

    private func summary(of file: ContactsFile, label: String) -> ContactSummary {
        var columns = file.columns
        var missing: [String: Int] = [:]
        for (index, column) in file.columns.enumerated() where index != file.phoneColumn {
            missing[column] = file.blankCounts[index]
        }
        if let nameColumn = file.nameColumn, !columns.contains("name") {
            columns.append("name")
            missing["name"] = file.blankCounts[nameColumn]
        }
        if !columns.contains("phone") { columns.append("phone") }
        return ContactSummary(
            label: label, columns: columns, missingCount: missing, count: file.contactCount, fingerprint: file.fingerprint.description)
    }
}
