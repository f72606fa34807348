extension Alert {
    /// The longest reason quoted in a subject, in characters; the body has all of it.
    static let maximumSubjectReasonLength = 80

    /// One line: `[engine] Sender sales-1 paused: quality rating RED`.
    public var subject: String {
        switch self {
        case .senderPaused(let sender, let reason):
            return "[engine] Sender \(sender) paused: \(Self.headline(reason))"
        case .campaignFinished(let campaign, .completed, let counts):
            return "[engine] Campaign \(campaign) completed: \(counts.sent) of \(counts.contacts) sent, \(counts.failed) failed"
        case .campaignFinished(let campaign, .failed(let reason), _):
            return "[engine] Campaign \(campaign) failed: \(Self.headline(reason))"
        case .configurationInvalid(let revision, _):
            return "[engine] Configuration \(revision) is invalid"
        }
    }

    /// Plain text, lines separated by "\n": what happened, the details, what to do next.
    public var body: String {
        switch self {
        case .senderPaused(let sender, let reason):
            return """
                The engine paused sender \(sender) automatically.

                Reason: \(reason)

                The sender sends nothing until it is resumed. Fix the cause, then check its state with `engine status`.

                """
        case .campaignFinished(let campaign, let outcome, let counts):
            var text: String
            switch outcome {
            case .completed: text = "Campaign \(campaign) completed.\n\n"
            case .failed(let reason): text = "Campaign \(campaign) failed.\n\nReason: \(reason)\n\n"
            }
            let rows = [
                ("Contacts", counts.contacts), ("Sent", counts.sent), ("Delivered", counts.delivered), ("Read", counts.read),
                ("Failed", counts.failed),
            ]
            let width = rows.map { String($0.1).count }.max() ?? 0
            for (label, count) in rows {
                let number = String(count)
                text += (label + ":").padding(toLength: 11, withPad: " ", startingAt: 0)
                text += String(repeating: " ", count: width - number.count) + number + "\n"
            }
            return text + "\nSee `engine status` for every contact's state.\n"
        case .configurationInvalid(let revision, let diagnostics):
            var text = "The configuration at revision \(revision) failed validation.\n\n"
            if diagnostics.isEmpty {
                text += "No diagnostics were recorded.\n"
            } else {
                text += "First diagnostics:\n\n"
                for line in diagnostics.prefix(Self.maximumDiagnosticLines) { text += line + "\n" }
                let omitted = diagnostics.count - Self.maximumDiagnosticLines
                if omitted > 0 { text += "… and \(omitted) more line\(omitted == 1 ? "" : "s").\n" }
            }
            return text + "\nRun `engine validate` on that revision to see every diagnostic, fix the files and commit.\n"
        }
    }

    /// The first line of `reason`, shortened to ``maximumSubjectReasonLength`` characters.
    private static func headline(_ reason: String) -> String {
        let firstLine = reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard firstLine.count > maximumSubjectReasonLength else { return firstLine }
        return String(firstLine.prefix(maximumSubjectReasonLength - 1)) + "…"
    }
}
