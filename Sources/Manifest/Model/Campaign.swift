/// A one-off mailing to a list of contacts, paced and within quotas.
public struct Campaign: Sendable, Hashable {
    /// The state git asks for; the store holds the actual one.
    public enum DesiredState: String, Sendable, Hashable, Codable { case draft, running, paused }

    public var header: ResourceHeader
    public var desiredState: DesiredState
    public var senders: [Located<String>]
    public var content: MessageContent
    public var contacts: ContactSource
    public var pacing: Pacing
    public var schedule: Schedule
    public var resendUnknown: Bool
}

/// Random pauses between a sender's consecutive business-initiated messages.
public struct Pacing: Sendable, Hashable {
    public var minDelay: Duration = .seconds(2)
    public var maxDelay: Duration = .seconds(5)
    public var typing: Bool = true
    /// Where pacing is written, if it is.
    public var location: SourceLocation?
}

/// When a campaign may send.
public struct Schedule: Sendable, Hashable {
    public var start: DateTimeValue?
    public var window: TimeWindow?
    /// nil means `Settings.timezone`.
    public var timezone: String?
    public var dailyCap: Int?
}
