import Foundation

// What the flow runner reads back from a FlowStateStore.

/// A compiled flow version as stored.
public struct FlowVersionRecord: Sendable, Hashable {
    /// The flow's name.
    public var flow: String
    /// The version (the flow's content hash).
    public var version: String
    /// The program, as JSON the runner wrote.
    public var program: Data

    /// Creates a record.
    public init(flow: String, version: String, program: Data) {
        self.flow = flow
        self.version = version
        self.program = program
    }
}

/// A flow execution as stored.
public struct ExecutionRecord: Sendable, Hashable {
    /// Whether the execution still runs.
    public enum Status: String, Sendable, Hashable {
        case active, ended
    }

    /// The execution's id, used in outbox dedupe keys.
    public var id: Int64
    /// The flow it runs.
    public var flow: String
    /// The program version it is pinned to.
    public var version: String
    /// The sender's resource name.
    public var sender: String
    /// The contact's number.
    public var contact: String
    /// Active or ended.
    public var status: Status
    /// The execution state, as JSON the runner wrote.
    public var state: Data
    /// How many steps were committed; a step is written only over the sequence it was computed from.
    public var sequence: Int64
    /// When it started.
    public var startedAt: Date
    /// When its last step was written.
    public var updatedAt: Date
    /// Why it ended, once ended.
    public var endedReason: String?

    /// Creates a record.
    public init(
        id: Int64, flow: String, version: String, sender: String, contact: String, status: Status, state: Data, sequence: Int64,
        startedAt: Date, updatedAt: Date, endedReason: String? = nil
    ) {
        self.id = id; self.flow = flow; self.version = version; self.sender = sender; self.contact = contact
        self.status = status; self.state = state; self.sequence = sequence; self.startedAt = startedAt
        self.updatedAt = updatedAt; self.endedReason = endedReason
    }

    /// The conversation it runs in.
    public var conversation: Conversation { Conversation(sender: sender, contact: contact) }
}

/// An inbound message to store.
public struct NewInboundMessage: Sendable, Hashable {
    /// The provider's id, unique per message.
    public var providerMessageID: String
    /// Who wrote to which sender.
    public var conversation: Conversation
    /// The contact's profile name, recorded when the contact is new or its name unknown.
    public var profileName: String?
    /// The message, as JSON the runner wrote.
    public var body: Data
    /// When the engine received it.
    public var receivedAt: Date

    /// Creates a message to store.
    public init(providerMessageID: String, conversation: Conversation, profileName: String?, body: Data, receivedAt: Date) {
        self.providerMessageID = providerMessageID
        self.conversation = conversation
        self.profileName = profileName
        self.body = body
        self.receivedAt = receivedAt
    }
}

/// An inbound message as stored.
public struct InboundRecord: Sendable, Hashable {
    /// The row id: arrival order.
    public var id: Int64
    /// The provider's id, unique per message.
    public var providerMessageID: String
    /// Who wrote to which sender.
    public var conversation: Conversation
    /// The message, as JSON the runner wrote.
    public var body: Data
    /// When the engine received it.
    public var receivedAt: Date
    /// When the runner finished with it; nil while it waits (for instance during a `delay`).
    public var processedAt: Date?
    /// What the runner did with it (`resumed`, `started`, `no-match`, …), once processed.
    public var outcome: String?

    /// Creates a record.
    public init(
        id: Int64, providerMessageID: String, conversation: Conversation, body: Data, receivedAt: Date, processedAt: Date? = nil,
        outcome: String? = nil
    ) {
        self.id = id; self.providerMessageID = providerMessageID; self.conversation = conversation; self.body = body
        self.receivedAt = receivedAt; self.processedAt = processedAt; self.outcome = outcome
    }
}

/// A contact who wrote to the engine.
public struct ContactRecord: Sendable, Hashable {
    /// The number, E.164.
    public var phone: String
    /// The WhatsApp profile name first seen, if any.
    public var name: String?
    /// When the contact first wrote.
    public var firstSeenAt: Date
    /// When the contact last wrote.
    public var lastSeenAt: Date
    /// Until when automation is off for this contact after a `handoff` node.
    public var handoffUntil: Date?
    /// The handoff's note for the people who took over.
    public var handoffNote: String?

    /// Creates a record.
    public init(phone: String, name: String?, firstSeenAt: Date, lastSeenAt: Date, handoffUntil: Date? = nil, handoffNote: String? = nil) {
        self.phone = phone; self.name = name; self.firstSeenAt = firstSeenAt; self.lastSeenAt = lastSeenAt
        self.handoffUntil = handoffUntil; self.handoffNote = handoffNote
    }

    /// Whether automation is off for the contact at `date`.
    public func isHandedOff(at date: Date) -> Bool {
        handoffUntil.map { date < $0 } ?? false
    }
}

/// A durable timer of an execution.
public struct TimerRecord: Sendable, Hashable {
    /// The row id.
    public var id: Int64
    /// The execution the timer belongs to.
    public var executionID: Int64
    /// When it fires.
    public var fireAt: Date
    /// What it is for (`delay`, `wait-timeout`).
    public var kind: String
    /// The execution's id for the timer; a timer whose ticket the execution no longer waits for is stale.
    public var ticket: Int

    /// Creates a record.
    public init(id: Int64, executionID: Int64, fireAt: Date, kind: String, ticket: Int) {
        self.id = id; self.executionID = executionID; self.fireAt = fireAt; self.kind = kind; self.ticket = ticket
    }
}

/// An HTTP call an execution waits for, kept so that a restart can make it again.
public struct PendingHTTPCallRecord: Sendable, Hashable {
    /// The execution that waits for the call.
    public var executionID: Int64
    /// The execution's id for the call; the result must carry it.
    public var callID: Int
    /// The request, as JSON the runner wrote (secrets as references, never values).
    public var request: Data
    /// When the step that asked for it was written.
    public var createdAt: Date

    /// Creates a record.
    public init(executionID: Int64, callID: Int, request: Data, createdAt: Date) {
        self.executionID = executionID; self.callID = callID; self.request = request; self.createdAt = createdAt
    }
}

/// How often a node was entered or an edge taken.
public struct FlowCounter: Sendable, Hashable {
    /// The flow's name.
    public var flow: String
    /// The flow version counted.
    public var version: String
    /// `node:NAME` or `edge:FROM-LABEL->TO`, as the runner writes them.
    public var key: String
    /// How many times.
    public var count: Int

    /// Creates a counter.
    public init(flow: String, version: String, key: String, count: Int) {
        self.flow = flow; self.version = version; self.key = key; self.count = count
    }
}
