import Foundation
import GRDB

/// ``FlowTransaction`` over an open SQLite write transaction: reads on the writing
/// connection, so they see the transaction's own writes.
///
/// Steps are written without savepoints: a savepoint makes SQLite copy every page a step
/// touches into a sub-journal first, which cost as much as the step itself. Atomicity is
/// the transaction's: after any failure, ``failure`` is set and the transaction must roll
/// back.
final class SQLiteFlowTransaction: FlowTransaction {
    private let db: Database
    private let path: String
    /// The first failure of a call: the transaction holds part of a step, or none of it, and must not commit.
    private(set) var failure: StoreError?

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    func recordInbound(_ message: NewInboundMessage) throws(StoreError) -> InboundRecord? {
        try run("storing inbound message \(message.providerMessageID)") { db in try SQLiteStore.recordInbound(message, db) }
    }

    func firstUnprocessedInbound(in conversation: Conversation) throws(StoreError) -> InboundRecord? {
        try run("reading the waiting messages of \(conversation)") { db in try SQLiteStore.firstUnprocessedInbound(in: conversation, db) }
    }

    func hasUnprocessedInbound(in conversation: Conversation, before id: Int64) throws(StoreError) -> Bool {
        try run("reading the waiting messages of \(conversation)") { db in
            try SQLiteStore.hasUnprocessedInbound(in: conversation, before: id, db)
        }
    }

    func activeExecutionStamp(in conversation: Conversation) throws(StoreError) -> ExecutionStamp? {
        try run("reading the active flow execution of \(conversation)") { db in
            try SQLiteStore.activeExecutionStamp(in: conversation, db)
        }
    }

    func execution(id: Int64) throws(StoreError) -> ExecutionRecord? {
        try run("reading flow execution \(id)") { db in try SQLiteStore.execution(id: id, db) }
    }

    func contact(phone: String) throws(StoreError) -> ContactRecord? {
        try run("reading contact \(phone)") { db in try SQLiteStore.contact(phone: phone, db) }
    }

    func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult] {
        try run("committing a flow step") { db in try SQLiteStore.write(commit, db) }
    }

    /// Runs `body` unless a call failed before, wrapping and remembering what it throws.
    private func run<Value>(_ doing: @autoclosure () -> String, _ body: (Database) throws -> Value) throws(StoreError) -> Value {
        if let failure { throw failure }
        do {
            return try body(db)
        } catch {
            let wrapped = StoreError(error, while: doing(), at: path)
            failure = wrapped
            throw wrapped
        }
    }
}
