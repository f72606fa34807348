/// Why a campaign cannot send at all: every one of its senders is missing from the
/// files, disabled, or paused until a person resumes it.
///
/// One rule for the daemon, which moves a running campaign to `failed` and a failed one
/// back to `running`, and for `plan`, which resumes a failed campaign when a sender can
/// send again. A sender that is disconnected, backing off, out of quota or paused on a
/// probation that ends by itself can still send later, so it never stalls a campaign.
public struct CampaignStall: Sendable, Hashable, CustomStringConvertible {
    /// Why one sender cannot send.
    public enum Cause: Sendable, Hashable {
        /// The files do not declare it.
        case missing
        /// `enabled: false` in the files.
        case disabled
        /// Paused until a person resumes it, with the pause's reason.
        case awaitingPerson(reason: String)
    }

    /// A sender that cannot send, and why.
    public struct BlockedSender: Sendable, Hashable {
        /// The sender's name.
        public var name: String
        /// Why it cannot send.
        public var cause: Cause
    }

    /// Each sender of the campaign with its cause, in the campaign's order.
    public var senders: [BlockedSender]

    /// The stall of a campaign whose senders are `senders`, or nil when one of them can send.
    /// - Parameters:
    ///   - isEnabled: whether the files enable each sender; nil for one they do not declare.
    ///   - statuses: the senders' live status, by name.
    public init?(senders: [String], isEnabled: (String) -> Bool?, statuses: [String: SenderStatus]) {
        var causes: [BlockedSender] = []
        for name in senders {
            switch isEnabled(name) {
            case nil: causes.append(BlockedSender(name: name, cause: .missing))
            case false?: causes.append(BlockedSender(name: name, cause: .disabled))
            case true?:
                guard let status = statuses[name], status.isAwaitingPerson else { return nil }
                causes.append(BlockedSender(name: name, cause: .awaitingPerson(reason: status.pausedReason ?? "")))
            }
        }
        self.senders = causes
    }

    /// "no sender can send: 'a' is paused until a person resumes it (…); 'b' is disabled in the files".
    public var description: String {
        guard !senders.isEmpty else { return "no sender can send: the campaign names none" }
        let parts = senders.map { sender in
            switch sender.cause {
            case .missing: "'\(sender.name)' is not in the files"
            case .disabled: "'\(sender.name)' is disabled in the files"
            case .awaitingPerson(let reason):
                "'\(sender.name)' is paused until a person resumes it (\(reason); `engine senders resume \(sender.name)`)"
            }
        }
        return "no sender can send: " + parts.joined(separator: "; ")
    }
}
