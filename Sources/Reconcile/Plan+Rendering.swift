import Foundation

extension Plan {
    /// The text `engine plan` prints: one block per change, then transitions, warnings
    /// and the summary line.
    public func renderedText() -> String {
        guard hasChanges else {
            var text = "No changes. The live state matches the files (revision \(revision)).\n"
            for warning in warnings { text += "\nWarning: \(warning)\n" }
            return text
        }
        var out = "engine will perform the following actions:\n"
        for change in changes {
            let symbol = change.action == .create ? "+" : change.action == .update ? "~" : "-"
            out += "\n\(symbol) \(change.kind)/\(change.name)\n"
            out += "    reason: \(change.reason)\n"
            for field in change.fields {
                switch (field.before, field.after) {
                case (nil, let after?): out += "    + \(field.path): \(Self.clip(after))\n"
                case (let before?, nil): out += "    - \(field.path): \(Self.clip(before))\n"
                case (let before?, let after?):
                    out += "    ~ \(field.path): \(Self.clip(before)) -> \(Self.clip(after))"
                    out += field.isSensitive && before == after ? " (value changed)\n" : "\n"
                case (nil, nil): break
                }
            }
            if let contacts = change.contacts {
                out += "    contacts: \(contacts.total) in the list"
                if change.action == .update {
                    out += ": +\(contacts.added) added, -\(contacts.removed) removed"
                    if contacts.alreadySent > 0 { out += " (\(contacts.alreadySent) already sent, kept)" }
                    if contacts.changed > 0 { out += ", values changed" }
                }
                out += "\n"
            }
            if let affected = change.affectedUnsent {
                out += "    the new message applies to \(affected) message\(affected == 1 ? "" : "s") not yet sent\n"
            }
            if change.unchangedFields > 0 {
                out += "    (\(change.unchangedFields) unchanged field\(change.unchangedFields == 1 ? "" : "s") hidden)\n"
            }
        }
        for transition in transitions {
            let target = "\(transition.kind)/\(transition.name)" + (transition.detail.map { " '\($0)'" } ?? "")
            out += "\n> \(transition.action.rawValue) \(target)\n"
            out += "    reason: \(transition.reason)\n"
            if let messages = transition.messages {
                out += "    \(messages) message\(messages == 1 ? "" : "s")"
                if let eta = transition.estimatedCompletion {
                    out += ", estimated completion \(Self.timestamp(eta))"
                } else if [.start, .resume, .schedule].contains(transition.action) {
                    out += ", no completion estimate (no enabled sender, or more than 400 days)"
                }
                out += "\n"
            }
        }
        for warning in warnings { out += "\nWarning: \(warning)\n" }
        out += "\n\(summaryLine)\n"
        return out
    }

    /// The versioned JSON document of `plan --format json` and of saved plans.
    public func jsonDocument() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Reads a saved plan.
    public static func decode(_ data: Data) throws -> Plan {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Plan.self, from: data)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Long values are cut so a plan stays readable; the JSON form has them whole.
    static func clip(_ text: String) -> String {
        text.count > 100 ? String(text.prefix(97)) + "..." : text
    }
}
