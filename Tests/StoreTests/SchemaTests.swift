import Foundation
import GRDB
import Store
import Testing

@Suite("SQLiteStore schema and migrations")
struct SchemaTests {
    /// Rows that break one constraint each; every one must be refused.
    static let invalidRows: [String] = [
        "INSERT INTO campaigns (name, state, message_hash, updated_at) VALUES ('c', 'sleeping', 'h', 'now')",
        """
        INSERT INTO campaign_contacts (campaign, phone, status, updated_at)
        VALUES ('c', '+15550000000', 'bounced', 'now')
        """,
        "INSERT INTO campaign_contacts (campaign, phone, status, updated_at) VALUES ('c', '5550000', 'pending', 'now')",
        """
        INSERT INTO campaign_contacts (campaign, phone, variables, status, updated_at)
        VALUES ('c', '+15550000000', 'not json', 'pending', 'now')
        """,
        """
        INSERT INTO outbox (dedupe_key, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at)
        VALUES ('k', '+15550000000', 'campaign', 'c', '{}', 'lost', 'now', 'now', 'now')
        """,
        """
        INSERT INTO outbox (dedupe_key, recipient, origin_kind, origin_name, payload, not_before, created_at, updated_at)
        VALUES ('k', '+15550000000', 'newsletter', 'c', '{}', 'now', 'now', 'now')
        """,
        "INSERT INTO sender_status (name, connection) VALUES ('s', 'online')",
        "INSERT INTO sender_status (name, health) VALUES ('s', 101)",
        "INSERT INTO sender_status (name, health) VALUES ('s', 'full')",
        "INSERT INTO revisions (revision, command, outcome, at, summary) VALUES ('r', 'apply', 'maybe', 'now', '')",
        "INSERT INTO locks (name, holder_id, command, pid, host, acquired_at) VALUES ('reader', 'i', 'c', 1, 'h', 'now')",
        "INSERT INTO state_meta (id, serial, lineage, created_at) VALUES (2, 0, 'l', 'now')",
        "UPDATE state_meta SET serial = 1",
        "INSERT INTO resources (kind, name, spec, spec_hash, revision, applied_at) VALUES ('Sender', 'a', x'7b7d', 'h', NULL, 'now')",
        "INSERT INTO timers (execution_id, fire_at, kind) VALUES (12345, 'now', 'wait')",
    ]

    @Test("the schema refuses rows that break a constraint", arguments: invalidRows)
    func refusesInvalidRow(sql: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        _ = try SQLiteStore(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let error = #expect(throws: DatabaseError.self) {
            try database.write { db in try db.execute(sql: sql) }
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
    }

    @Test("every campaign state and contact status of this engine fits the schema")
    func acceptsEveryCase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path, now: { .testNow })
        var change = StateChange()
        change.campaignStates = CampaignState.allCases.map {
            CampaignRecord(name: $0.rawValue, state: $0, messageHash: "hash")
        }
        try store.apply(change)
        try rawConnection(to: path).write { db in
            for (index, status) in ContactStatus.allCases.enumerated() {
                try db.execute(
                    sql: "INSERT INTO campaign_contacts (campaign, phone, status, updated_at) VALUES ('c', ?, ?, 'now')",
                    arguments: ["+155500000\(index)", status.rawValue])
            }
        }
        #expect(try store.snapshot().campaigns.count == CampaignState.allCases.count)
        #expect(try store.campaignProgress()["c"]?.count == ContactStatus.allCases.count)
    }

    @Test("a contact has at most one active flow execution per sender, and timers go with their execution")
    func flowExecutionConstraints() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        _ = try SQLiteStore(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let insertExecution = """
            INSERT INTO flow_executions (flow, version, sender, contact, status, state, started_at, updated_at)
            VALUES ('welcome', 'v1', 'main', '+15550000000', ?, '{}', 'now', 'now')
            """
        try database.write { db in
            try db.execute(sql: "INSERT INTO flow_versions VALUES ('welcome', 'v1', '{}', 'now')")
            try db.execute(sql: insertExecution, arguments: ["ended"])
            try db.execute(sql: insertExecution, arguments: ["active"])
            try db.execute(sql: "INSERT INTO timers (execution_id, fire_at, kind) VALUES (2, 'later', 'wait')")
        }
        #expect(throws: DatabaseError.self) {
            try database.write { db in try db.execute(sql: insertExecution, arguments: ["active"]) }
        }
        try database.write { db in try db.execute(sql: "DELETE FROM flow_executions WHERE id = 2") }
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM timers") } == 0)
    }

    @Test("a database left by the v1 schema migrates forward, keeping its data")
    func migratesEarlierSchemaForward() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: EarlierSchema.v1)
            try db.execute(
                sql: """
                    INSERT INTO state_meta (id, serial, lineage, created_at)
                    VALUES (1, 7, 'fixture-lineage', '2025-01-01 00:00:00.000');
                    INSERT INTO resources (kind, name, spec, spec_hash, revision, applied_at)
                    VALUES ('Sender', 'main', CAST('{"phone":"+15550000000"}' AS BLOB), 'abc', 'rev1', '2025-01-01 00:00:00.000');
                    INSERT INTO campaign_contacts (campaign, phone, status, updated_at)
                    VALUES ('spring', '+15550000001', 'sent', '2025-01-01 00:00:00.000');
                    """)
        }

        let store = try SQLiteStore(path: path)

        let state = try store.snapshot()
        #expect(state.serial == 7)
        #expect(state.lineage == "fixture-lineage")
        #expect(state.resources[ResourceKey(kind: "Sender", name: "main")]?.revision == "rev1")
        #expect(try store.campaignContacts("spring") == ["+15550000001": .sent])
        let migrated = try rawConnection(to: path)
        #expect(
            try migrated.read { db in try db.indexes(on: "campaign_contacts").map(\.name) }
                .contains("campaign_contacts_by_status"))
        let fresh = directory.path("fresh.db")
        _ = try SQLiteStore(path: fresh)
        #expect(try schema(of: migrated) == schema(of: rawConnection(to: fresh)))
    }

    @Test("a database migrated by a newer engine is refused, untouched")
    func refusesNewerSchema() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        _ = try SQLiteStore(path: path)
        try rawConnection(to: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }

        let error = expectStoreError(.newerSchema) { _ = try SQLiteStore(path: path) }

        #expect(error?.message.contains("v99-from-the-future") == true)
        #expect(error?.message.contains("Upgrade engine") == true)
    }

    @Test("a database in .engine/ gets a .gitignore that ignores everything")
    func writesGitignoreInEngineDirectory() throws {
        let directory = try TemporaryDirectory()
        _ = try SQLiteStore(path: directory.path("project/.engine/state.db"))
        _ = try SQLiteStore(path: directory.path("elsewhere/state.db"))

        let gitignore = try String(contentsOfFile: directory.path("project/.engine/.gitignore"), encoding: .utf8)
        #expect(gitignore == "*\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path("elsewhere/.gitignore")))
    }

    @Test("the first apply draws the lineage; reopening keeps it; another database draws another")
    func lineage() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let first = try SQLiteStore(path: path)
        #expect(try first.snapshot().lineage == "")
        #expect(try makeStore().snapshot().lineage == "")
        try first.apply(StateChange())
        let lineage = try first.snapshot().lineage
        try first.apply(StateChange())

        let reopened = try SQLiteStore(path: path).snapshot()

        #expect(!lineage.isEmpty)
        #expect(reopened.lineage == lineage)
        #expect(reopened.serial == 2)
        let other = try makeStore()
        try other.apply(StateChange())
        #expect(try other.snapshot().lineage != lineage)
    }

    @Test("a file that is not a database is refused with cannotOpen")
    func refusesNonDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        try Data(String(repeating: "not a database ", count: 100).utf8).write(to: URL(fileURLWithPath: path))

        expectStoreError(.cannotOpen) { _ = try SQLiteStore(path: path) }
    }

    /// Tables and indexes with their SQL, whitespace collapsed.
    private func schema(of database: DatabaseQueue) throws -> [String] {
        try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        }.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }
}
