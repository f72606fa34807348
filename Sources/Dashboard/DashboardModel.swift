import Foundation
import QRCodes

/// Everything the dashboard page shows, as plain values read from the store at one instant.
///
/// The dashboard never reads the store itself: the daemon builds a model per request (from
/// the same reads as `engine status`) and ``Dashboard`` renders it. Every text field is user
/// data as far as the page is concerned and is HTML-escaped when rendered.
public struct DashboardModel: Sendable {
    /// When the model was read; relative times ("3 min ago", "in 12 min") count from here.
    public var generatedAt: Date
    /// The revision in force, or nil before the first successful apply.
    public var applied: AppliedRevision?
    /// Why the files on disk are not in force, or nil when they are.
    public var configurationError: ConfigurationError?
    /// In configuration order.
    public var senders: [Sender]
    /// In configuration order.
    public var campaigns: [Campaign]
    /// In configuration order.
    public var flows: [Flow]
    /// The most recent messages, newest first; the page shows them all, so send a bounded list.
    public var messages: [Message]

    /// Creates a model; every list defaults to empty.
    public init(
        generatedAt: Date, applied: AppliedRevision? = nil, configurationError: ConfigurationError? = nil, senders: [Sender] = [],
        campaigns: [Campaign] = [], flows: [Flow] = [], messages: [Message] = []
    ) {
        self.generatedAt = generatedAt
        self.applied = applied
        self.configurationError = configurationError
        self.senders = senders
        self.campaigns = campaigns
        self.flows = flows
        self.messages = messages
    }
}

extension DashboardModel {
    /// The revision the engine runs (the store's last `applied` revision record).
    public struct AppliedRevision: Sendable, Hashable {
        /// The revision id as the store keeps it (a commit or content hash).
        public var revision: String
        /// When it was applied.
        public var appliedAt: Date

        /// Creates a revision line.
        public init(revision: String, appliedAt: Date) {
            self.revision = revision
            self.appliedAt = appliedAt
        }
    }

    /// A configuration on disk that failed to load: the engine keeps running ``applied``.
    public struct ConfigurationError: Sendable, Hashable {
        /// One line on what went wrong ("3 errors in flows/support.yaml").
        public var reason: String
        /// The diagnostics, in the order to show them (sorted by file, line, column).
        public var diagnostics: [Diagnostic]

        /// Creates an error banner.
        public init(reason: String, diagnostics: [Diagnostic] = []) {
            self.reason = reason
            self.diagnostics = diagnostics
        }
    }

    /// One diagnostic of a failed configuration.
    public struct Diagnostic: Sendable, Hashable {
        /// The file, relative to the configuration directory.
        public var file: String
        /// 1-based.
        public var line: Int
        /// 1-based.
        public var column: Int
        /// The one-line summary, code included if wanted (`error[config.unknown-key]: …`).
        public var message: String

        /// Creates a diagnostic line.
        public init(file: String, line: Int, column: Int, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// A sender's line: connection, health, pause and quota use.
    public struct Sender: Sendable, Hashable {
        /// What the transport last reported; raw values match the store's `SenderStatus.Connection`.
        public enum Connection: String, Sendable, Hashable, CaseIterable {
            /// Nothing reported yet.
            case unknown
            /// The transport is opening its session.
            case connecting
            /// A gateway session waits for its pairing code to be scanned.
            case waitingForScan = "waiting-for-scan"
            /// The transport can send.
            case connected
            /// The session dropped or was logged out.
            case disconnected
        }

        /// The sender's resource name.
        public var name: String
        /// The transport kind as configured (`cloud-api`, `gateway`, `simulator`).
        public var transport: String
        /// E.164.
        public var phone: String
        /// What the transport last reported.
        public var connection: Connection
        /// 0...100; values outside are clamped when drawn.
        public var health: Int
        /// Why the sender is paused, or nil when it sends.
        public var pausedReason: String?
        /// Messages started in the last minute against the per-minute limit.
        public var perMinute: QuotaUse
        /// Messages started in the last hour against the hourly limit.
        public var perHour: QuotaUse
        /// Messages started in the last day against the daily limit.
        public var perDay: QuotaUse
        /// The pairing code to scan, shown only while ``connection`` is `.waitingForScan`.
        ///
        /// A symbol rather than SVG text: the page draws it from the module matrix, so the
        /// markup inserted unescaped holds nothing but numbers.
        public var pairingCode: QRCode?

        /// Creates a sender line.
        public init(
            name: String, transport: String, phone: String, connection: Connection, health: Int, pausedReason: String? = nil,
            perMinute: QuotaUse, perHour: QuotaUse, perDay: QuotaUse, pairingCode: QRCode? = nil
        ) {
            self.name = name
            self.transport = transport
            self.phone = phone
            self.connection = connection
            self.health = health
            self.pausedReason = pausedReason
            self.perMinute = perMinute
            self.perHour = perHour
            self.perDay = perDay
            self.pairingCode = pairingCode
        }
    }

    /// Messages sent in one quota window against its limit.
    public struct QuotaUse: Sendable, Hashable {
        /// Messages started in the window.
        public var used: Int
        /// The limit; 0 draws an empty bar.
        public var limit: Int

        /// Creates a quota line.
        public init(used: Int, limit: Int) {
            self.used = used
            self.limit = limit
        }
    }

    /// A campaign's line: its state and how many contacts stand where.
    ///
    /// The counts are exclusive, as the store keeps them: a contact is in exactly one status.
    public struct Campaign: Sendable, Hashable {
        /// The actual lifecycle state; raw values match the store's `CampaignState`.
        public enum State: String, Sendable, Hashable, CaseIterable {
            case draft, scheduled, running, paused, completed, failed, cancelled
        }

        /// The campaign's resource name.
        public var name: String
        /// Where it stands.
        public var state: State
        /// Contacts in the campaign.
        public var total: Int
        /// Taken by the provider, not yet delivered.
        public var sent: Int
        /// On the contact's phone, not yet read.
        public var delivered: Int
        /// Opened by the contact.
        public var read: Int
        /// Will not go out, or undeliverable.
        public var failed: Int
        /// Waiting to go out (pending or queued).
        public var queued: Int
        /// The share of contacts done (sent, delivered, read or failed), in 0...1.
        public var progress: Double
        /// When the last message is expected to go out, or nil when unknown or not running.
        public var estimatedCompletion: Date?

        /// Creates a campaign line; `progress` defaults to the done counts over `total`.
        public init(
            name: String, state: State, total: Int, sent: Int = 0, delivered: Int = 0, read: Int = 0, failed: Int = 0, queued: Int = 0,
            progress: Double? = nil, estimatedCompletion: Date? = nil
        ) {
            self.name = name
            self.state = state
            self.total = total
            self.sent = sent
            self.delivered = delivered
            self.read = read
            self.failed = failed
            self.queued = queued
            self.progress = progress ?? (total > 0 ? Double(sent + delivered + read + failed) / Double(total) : 0)
            self.estimatedCompletion = estimatedCompletion
        }
    }

    /// A flow's line: its version, live executions and how often each node was entered.
    public struct Flow: Sendable, Hashable {
        /// How often one node was entered, over every version.
        public struct NodeCount: Sendable, Hashable {
            /// The node's name in the flow.
            public var node: String
            /// Entries into it.
            public var count: Int

            /// Creates a node counter.
            public init(node: String, count: Int) {
                self.node = node
                self.count = count
            }
        }

        /// The flow's resource name.
        public var name: String
        /// The applied version (a short spec hash), or nil before the first apply.
        public var version: String?
        /// Conversations currently inside the flow.
        public var activeExecutions: Int
        /// In the flow's node order.
        public var nodeCounts: [NodeCount]

        /// Creates a flow line.
        public init(name: String, version: String?, activeExecutions: Int, nodeCounts: [NodeCount] = []) {
            self.name = name
            self.version = version
            self.activeExecutions = activeExecutions
            self.nodeCounts = nodeCounts
        }
    }

    /// One message, received or sent.
    public struct Message: Sendable, Hashable {
        /// Which way it went.
        public enum Direction: String, Sendable, Hashable, CaseIterable {
            /// From a contact.
            case inbound = "in"
            /// To a contact.
            case outbound = "out"
        }

        /// Where it stands: `received` for inbound messages, otherwise the store's `OutboxState`
        /// raw values.
        public enum State: String, Sendable, Hashable, CaseIterable {
            case received, queued, sending, sent, delivered, read, failed, cancelled, unknown
        }

        /// When it was received, or last changed state when outbound.
        public var time: Date
        /// Which way it went.
        public var direction: Direction
        /// The sender's resource name.
        public var sender: String
        /// The contact's phone (E.164) or name.
        public var contact: String
        /// Where it stands.
        public var state: State
        /// The text or a summary of it (`[image]`, the template name); the page cuts it at
        /// ``Dashboard/previewLength`` characters.
        public var preview: String

        /// Creates a message line.
        public init(time: Date, direction: Direction, sender: String, contact: String, state: State, preview: String) {
            self.time = time
            self.direction = direction
            self.sender = sender
            self.contact = contact
            self.state = state
            self.preview = preview
        }
    }
}
