import Foundation

/// The live state of one engine installation: what was applied, and the status the
/// engine keeps (campaign progress, sender health, the outbox).
///
/// This protocol is the boundary a PostgreSQL store will also implement: SQL and
/// locking stay behind it, and nothing above it may assume a single process. Every
/// method is synchronous and may block on I/O, so callers keep it off Swift's
/// cooperative pool (the CLI calls it from its main thread).
public protocol StateStore: Sendable {
    /// Everything `plan` compares against, read in one consistent snapshot.
    func snapshot() throws(StoreError) -> LiveState

    /// The recorded contacts of `campaign` with their status, by E.164 number.
    func campaignContacts(_ campaign: String) throws(StoreError) -> [String: ContactStatus]

    /// Counts of campaign contacts by status, by campaign.
    func campaignProgress() throws(StoreError) -> [String: [ContactStatus: Int]]

    /// The stats of one campaign: its contacts by where their message stands, failures by
    /// error code, opt-outs and skips; nil when the store knows nothing of it (never
    /// applied, no contacts).
    func campaignStats(name: String) throws(StoreError) -> CampaignStats?

    /// The stats of every campaign the store knows, by name, read in one snapshot.
    func campaignStats() throws(StoreError) -> [String: CampaignStats]

    /// Applies one group of changes in one transaction, and bumps the state serial.
    ///
    /// - Throws: ``StoreError`` with code `.staleState` when `change.expectedSerial` is
    ///   set and the serial moved; nothing is written then.
    /// - Returns: the new serial.
    @discardableResult
    func apply(_ change: StateChange) throws(StoreError) -> Int64

    /// Records an attempt to apply a revision, successful or not.
    func record(_ revision: RevisionRecord) throws(StoreError)

    /// Takes the writer lock for `holder`, waiting up to `timeout`. A lock whose holder
    /// process is gone (same host, pid not running) is taken over.
    ///
    /// - Throws: `.locked` naming the current holder when the wait runs out.
    func acquireLock(for holder: LockHolder, timeout: Duration) throws(StoreError) -> LockHolder

    /// Releases the lock if `holder` still holds it.
    func releaseLock(_ holder: LockHolder) throws(StoreError)

    /// Who holds the lock now, if anyone.
    func lockHolder() throws(StoreError) -> LockHolder?

    /// Sender status rows by sender name (created by `apply` for new senders).
    func senderStatuses() throws(StoreError) -> [String: SenderStatus]

    /// For each sender, how many messages the send log holds since each cutoff
    /// (counts in the order of `cutoffs`): the quota windows' use.
    func sendCounts(since cutoffs: [Date]) throws(StoreError) -> [String: [Int]]

    /// Active flow executions by flow name.
    func activeExecutions() throws(StoreError) -> [String: Int]
}

/// What `plan` needs of the live state.
public struct LiveState: Sendable {
    /// Increases by one with every applied change; saved plans record it.
    public var serial: Int64
    /// A random identifier of this database, so a plan saved against another state is
    /// refused. Empty until the first apply creates it: a plan made before any state
    /// exists (against an empty, in-memory store) must still apply to the new database.
    public var lineage: String
    /// Applied resources by kind and name.
    public var resources: [ResourceKey: ResourceRecord]
    /// The actual state of each campaign.
    public var campaigns: [String: CampaignRecord]
    /// Broadcast sends already started, by list name.
    public var broadcastSends: [String: Set<String>]
    /// The last successful apply.
    public var lastApplied: RevisionRecord?
    /// The last attempt, successful or not.
    public var lastAttempted: RevisionRecord?

    public init(
        serial: Int64, lineage: String, resources: [ResourceKey: ResourceRecord] = [:],
        campaigns: [String: CampaignRecord] = [:], broadcastSends: [String: Set<String>] = [:],
        lastApplied: RevisionRecord? = nil, lastAttempted: RevisionRecord? = nil
    ) {
        self.serial = serial
        self.lineage = lineage
        self.resources = resources
        self.campaigns = campaigns
        self.broadcastSends = broadcastSends
        self.lastApplied = lastApplied
        self.lastAttempted = lastAttempted
    }
}

/// `Kind/name`.
public struct ResourceKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var kind: String
    public var name: String
    public init(kind: String, name: String) { self.kind = kind; self.name = name }
    public var description: String { "\(kind)/\(name)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.kind, lhs.name) < (rhs.kind, rhs.name) }
}

/// An applied resource as stored.
public struct ResourceRecord: Sendable, Hashable {
    public var key: ResourceKey
    /// The spec as written, as JSON (Manifest's `SpecValue` encoded), secrets as references.
    public var spec: Data
    /// SHA-256 of `spec`, hex.
    public var specHash: String
    /// SHA-256 (hex) of each resolved secret by field path, so a changed secret shows as
    /// changed without its value ever being stored.
    public var secretDigests: [String: String]
    public var isProtected: Bool
    /// For campaigns and broadcast lists: the fingerprint of the contact list applied
    /// (Manifest's `ContactsFingerprint`), so an unchanged list is not read again.
    public var contactsFingerprint: String?
    /// The revision that last changed it.
    public var revision: String
    public var appliedAt: Date

    public init(
        key: ResourceKey, spec: Data, specHash: String, secretDigests: [String: String] = [:],
        isProtected: Bool = false, contactsFingerprint: String? = nil, revision: String, appliedAt: Date
    ) {
        self.key = key; self.spec = spec; self.specHash = specHash; self.secretDigests = secretDigests
        self.isProtected = isProtected; self.contactsFingerprint = contactsFingerprint; self.revision = revision; self.appliedAt = appliedAt
    }
}

/// A campaign's actual lifecycle state (git holds only the desired one).
///
/// `draft → scheduled → running ⇄ paused → completed`, or `failed` or `cancelled`.
/// `apply` starts, schedules, pauses, resumes and stops (cancels) campaigns as the files
/// say; the daemon moves a scheduled campaign to `running` when its start comes, a
/// running one to `completed` when every contact has an outcome, and to `failed` when no
/// sender can send its messages (each of its senders is removed from the files, disabled,
/// or paused until a person resumes it). A failed campaign keeps its queued messages and
/// runs again, by itself, once one of its senders can send (`engine senders resume`, or a
/// configuration that enables or adds one); `apply` resumes it too when the files and
/// the senders' status say one can.
public enum CampaignState: String, Sendable, Hashable, Codable, CaseIterable {
    case draft, scheduled, running, paused, completed, failed, cancelled
}

/// The status the engine keeps for a campaign.
public struct CampaignRecord: Sendable, Hashable {
    public var name: String
    public var state: CampaignState
    /// SHA-256 of the message (text or template) the queued messages were rendered from.
    public var messageHash: String
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Why it is in its state, when the engine moved it there by itself (why it
    /// `failed`, that it `completed`); nil after a transition that `apply` made.
    public var stateReason: String?
    public init(
        name: String, state: CampaignState, messageHash: String, startedAt: Date? = nil, finishedAt: Date? = nil, stateReason: String? = nil
    ) {
        self.name = name; self.state = state; self.messageHash = messageHash; self.startedAt = startedAt; self.finishedAt = finishedAt
        self.stateReason = stateReason
    }
}

/// Where one campaign contact stands.
public enum ContactStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded, not yet in the outbox (campaign draft or paused before enqueueing).
    case pending
    case queued, sending, sent, delivered, read, failed
    /// Removed from the list before it was sent.
    case cancelled
    /// The outcome was lost in a crash.
    case unknown

    /// Whether a message has left (or may have left) the engine for this contact.
    public var isSentOrBeyond: Bool {
        switch self {
        case .sending, .sent, .delivered, .read, .unknown: return true
        default: return false
        }
    }
}

/// One campaign contact to record.
public struct CampaignContact: Sendable, Hashable {
    /// E.164.
    public var phone: String
    public var name: String?
    /// Every other column, for templates, as the JSON object the store keeps. Encoded
    /// when the contact is made, so callers can build contacts in parallel and the
    /// single writer only binds text.
    public var encodedVariables: String
    public init(phone: String, name: String? = nil, variables: [String: String] = [:]) {
        self.phone = phone
        self.name = name
        self.encodedVariables = variables.isEmpty ? "{}" : JSONObject.text(of: variables)
    }
}

/// One transaction's worth of changes, in the order they must be applied.
public struct StateChange: Sendable {
    /// When set, the change is refused unless the serial is still this (stale saved plans).
    public var expectedSerial: Int64?
    public var upserts: [ResourceRecord] = []
    public var deletions: [ResourceKey] = []
    /// Campaign state changes (start, pause, resume, stop), creating the row if needed.
    public var campaignStates: [CampaignRecord] = []
    /// Contact lists to bring in line with the files, each in the same transaction.
    public var contactLists: [ContactListSync] = []
    /// Campaigns stopped: every unsent (pending or queued) contact becomes `.cancelled`.
    public var cancelledCampaigns: [String] = []
    /// Move every `.pending` contact of these campaigns to `.queued` (a start or resume).
    public var queuedCampaigns: [String] = []
    /// Broadcast sends to record as started: (list, send id).
    public var startedBroadcastSends: [(list: String, sendID: String)] = []
    /// Sender status rows to create when missing (new senders) or remove (deleted ones).
    public var createdSenders: [String] = []
    public var deletedSenders: [String] = []
    /// History lines.
    public var events: [EventRecord] = []

    public init(expectedSerial: Int64? = nil) { self.expectedSerial = expectedSerial }
}

/// Brings a campaign's recorded contacts in line with its list.
///
/// - A number not recorded yet is inserted with `status`; one recorded as `.cancelled`
///   (removed earlier, now back) returns to `status`. Any other recorded number keeps its
///   status, so applying twice enqueues nothing twice and nothing sent is sent again.
/// - Unsent contacts (pending or queued) get the list's name and variables.
/// - With `cancelsMissing`, unsent contacts no longer in the list become `.cancelled`;
///   sent ones are never touched.
public struct ContactListSync: Sendable {
    public var campaign: String
    /// `.pending` (campaign not sending) or `.queued`.
    public var status: ContactStatus
    public var cancelsMissing: Bool
    private let source: @Sendable () -> [CampaignContact]

    /// A list known now.
    public init(campaign: String, contacts: [CampaignContact], status: ContactStatus, cancelsMissing: Bool) {
        self.init(campaign: campaign, status: status, cancelsMissing: cancelsMissing) { contacts }
    }

    /// A list still being read: the store asks for it when it gets to it inside the
    /// transaction, so reading the next lists overlaps writing this one. `contacts`
    /// may block until the list is ready and must return the same list every time.
    public init(campaign: String, status: ContactStatus, cancelsMissing: Bool, contacts: @escaping @Sendable () -> [CampaignContact]) {
        self.campaign = campaign
        self.status = status
        self.cancelsMissing = cancelsMissing
        self.source = contacts
    }

    /// The contacts (waiting for them if they are still being read).
    public var contacts: [CampaignContact] { source() }
}

/// One line of the events history.
public struct EventRecord: Sendable, Hashable {
    public var at: Date
    public var kind: String
    public var resource: String?
    public var message: String
    public init(at: Date, kind: String, resource: String? = nil, message: String) {
        self.at = at; self.kind = kind; self.resource = resource; self.message = message
    }
}

/// An apply attempt.
public struct RevisionRecord: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable { case applied, failed, partial }
    /// A git commit (`abc123` or `abc123+dirty`) or `sha256:<hash>` of the files.
    public var revision: String
    public var command: String
    public var outcome: Outcome
    public var at: Date
    public var summary: String
    public init(revision: String, command: String, outcome: Outcome, at: Date, summary: String) {
        self.revision = revision; self.command = command; self.outcome = outcome; self.at = at; self.summary = summary
    }
}

/// Who holds (or wants) the writer lock.
public struct LockHolder: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A random id per acquisition.
    public var id: String
    /// `apply`, `run`, ...
    public var command: String
    public var pid: Int32
    public var host: String
    public var acquiredAt: Date
    public init(id: String = UUID().uuidString, command: String, pid: Int32, host: String, acquiredAt: Date) {
        self.id = id; self.command = command; self.pid = pid; self.host = host; self.acquiredAt = acquiredAt
    }
    public var description: String { "`engine \(command)` (pid \(pid) on \(host), since \(acquiredAt))" }
}

/// What the engine knows of a sender's health.
public struct SenderStatus: Sendable, Hashable {
    public enum Connection: String, Sendable, Hashable, Codable {
        case unknown, connecting, waitingForScan = "waiting-for-scan", connected, disconnected
    }
    public var name: String
    public var connection: Connection
    /// 0...100.
    public var health: Int
    public var consecutiveFailures: Int
    public var lastUsedAt: Date?
    public var pausedReason: String?
    /// When a pause ends by itself after its probation; nil while paused until a person
    /// resumes the sender (or when not paused).
    public var resumesAt: Date?
    public init(
        name: String, connection: Connection = .unknown, health: Int = 100, consecutiveFailures: Int = 0,
        lastUsedAt: Date? = nil, pausedReason: String? = nil, resumesAt: Date? = nil
    ) {
        self.name = name; self.connection = connection; self.health = health
        self.consecutiveFailures = consecutiveFailures; self.lastUsedAt = lastUsedAt; self.pausedReason = pausedReason
        self.resumesAt = resumesAt
    }

    /// Whether it is paused until a person resumes it (`engine senders resume`), rather
    /// than on a probation that ends by itself.
    public var isAwaitingPerson: Bool { pausedReason != nil && resumesAt == nil }
}

/// A failure of the store. Transient ones (busy database) may be retried.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The database file cannot be opened or created.
        public static let cannotOpen = Code(rawValue: "store.cannot-open")
        /// The database was made by a newer engine.
        public static let newerSchema = Code(rawValue: "store.newer-schema")
        /// Another writer holds the lock.
        public static let locked = Code(rawValue: "store.locked")
        /// The serial moved since a plan was made.
        public static let staleState = Code(rawValue: "store.stale-state")
        /// SQLite reported an error.
        public static let database = Code(rawValue: "store.database")
    }
    public var code: Code
    /// What happened and what to do.
    public var message: String
    public var isTransient: Bool
    /// The current lock holder, for `.locked`.
    public var holder: LockHolder?
    /// The underlying error.
    public var underlying: (any Error & Sendable)?
    public init(_ code: Code, _ message: String, isTransient: Bool = false, holder: LockHolder? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code; self.message = message; self.isTransient = isTransient; self.holder = holder; self.underlying = underlying
    }
    public var description: String { message }
}
