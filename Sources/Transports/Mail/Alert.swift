/// Something the engine tells its operators by e-mail: a sender it paused, a campaign that
/// finished, a configuration it cannot run. Pure data; ``subject`` and ``body`` render it.
public enum Alert: Sendable, Hashable {
    /// The engine paused a sender by itself (quality rating, repeated failures).
    case senderPaused(sender: String, reason: String)
    /// A campaign reached a final state.
    case campaignFinished(campaign: String, outcome: CampaignOutcome, counts: CampaignCounts)
    /// The configuration at `revision` (a commit, or a directory's digest) failed
    /// validation. `diagnostics` are the rendered diagnostic lines, as `engine validate`
    /// prints them; the alert quotes the first ``maximumDiagnosticLines``.
    case configurationInvalid(revision: String, diagnostics: [String])

    /// How many diagnostic lines a ``configurationInvalid(revision:diagnostics:)`` alert quotes.
    public static let maximumDiagnosticLines = 20

    /// How a campaign ended.
    public enum CampaignOutcome: Sendable, Hashable {
        /// Every contact was processed.
        case completed
        /// The campaign stopped early, for `reason`.
        case failed(reason: String)
    }

    /// Where a finished campaign's contacts stand. Each count includes the later stages:
    /// `sent` counts delivered and read messages too, `delivered` counts read ones.
    public struct CampaignCounts: Sendable, Hashable {
        /// Contacts in the campaign.
        public var contacts: Int
        /// Messages the provider accepted.
        public var sent: Int
        /// Messages that reached the phone.
        public var delivered: Int
        /// Messages the contact opened.
        public var read: Int
        /// Messages that could not be sent or delivered.
        public var failed: Int

        /// Creates counts.
        public init(contacts: Int, sent: Int, delivered: Int, read: Int, failed: Int) {
            self.contacts = contacts
            self.sent = sent
            self.delivered = delivered
            self.read = read
            self.failed = failed
        }
    }
}
