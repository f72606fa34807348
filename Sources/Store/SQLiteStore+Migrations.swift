import Foundation
import GRDB

extension SQLiteStore {
    /// The schema's history, oldest first. Forward only: a released migration never
    /// changes, a change is a new migration appended here (and an "earlier schema"
    /// fixture in the tests). The SQL is written out rather than built with GRDB's
    /// table DSL so that what a released migration does cannot drift with GRDB.
    ///
    /// Tables are `STRICT` (a text in an integer column is an error, not a silent
    /// conversion). Enumerations are spelled out in `CHECK`s: a migration is frozen,
    /// so it must not follow the Swift enums as they grow; a test checks that every
    /// current case is accepted. The tables written once per message (`outbox`,
    /// `campaign_contacts`) spell them as `OR` chains: SQLite evaluates a `CHECK (x IN
    /// (...))` by building a temporary table on every insert, which cut contact imports
    /// from about 480k to 230k rows/s here. Dates are GRDB's UTC text, `yyyy-MM-dd HH:mm:ss.SSS`,
    /// which sorts in time order.
    static func migrator(now: @escaping @Sendable () -> Date) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(sql: initialSchema)
            try db.execute(sql: "INSERT INTO state_meta (id, serial, created_at) VALUES (1, 0, ?)", arguments: [now()])
        }
        migrator.registerMigration("v2-campaign-contacts-by-status") { db in
            // Progress counts and the scheduler's "next queued contacts of a campaign"
            // read this index alone instead of every contact row.
            try db.execute(sql: "CREATE INDEX campaign_contacts_by_status ON campaign_contacts (campaign, status)")
        }
        migrator.registerMigration("v3-flow-runner") { db in
            try db.execute(sql: flowRunnerSchema)
        }
        migrator.registerMigration("v4-simulator-messages") { db in
            try db.execute(sql: simulatorMessagesSchema)
        }
        migrator.registerMigration("v5-outbox-dispatch") { db in try db.execute(sql: outboxDispatchSchema) }
        migrator.registerMigration("v6-pacing-burst-windows") { db in try db.execute(sql: pacingSchema) }
        migrator.registerMigration("v7-flow-write-path") { db in try db.execute(sql: flowWritePathSchema) }
        return migrator
    }

    /// Brings the database to the newest schema this engine knows.
    ///
    /// - Throws: `.newerSchema` when the database records a migration this engine does
    ///   not know, before changing anything.
    func migrate() throws(StoreError) {
        let migrator = Self.migrator(now: now)
        // Two engine processes opening a new database at once may both see a migration
        // as pending; the second then fails inside it (its tables exist). GRDB checks
        // outside the migration's transaction, so retry while another process makes
        // progress, and fail only when nothing moved.
        var applied = try appliedMigrations(migrator)
        while true {
            let unknown = applied.subtracting(migrator.migrations)
            guard unknown.isEmpty else {
                throw StoreError(
                    .newerSchema,
                    "The state database at \(path) was migrated by a newer engine (it records "
                        + "\(unknown.sorted().joined(separator: ", ")), which this engine does not know). "
                        + "Upgrade engine to that version or later; this one will not touch the database.")
            }
            do {
                try migrator.migrate(writer)
                return
            } catch {
                let failure = StoreError(error, while: "migrating the schema", at: path)
                let appliedNow = try appliedMigrations(migrator)
                guard appliedNow.isStrictSuperset(of: applied) else { throw failure }
                applied = appliedNow
            }
        }
    }

    private func appliedMigrations(_ migrator: DatabaseMigrator) throws(StoreError) -> Set<String> {
        try perform("reading the schema version") {
            try writer.read { db in try migrator.appliedIdentifiers(db) }
        }
    }

    /// The tables of `v1-initial`, designed for the issues to come: the applied
    /// configuration and serial, campaign and sender status, the durable outbox and
    /// send log (quota windows), flow executions and timers, the inbox, suppressions,
    /// history (events, revisions) and the writer lock.
    ///
    /// History tables name campaigns, senders and flows by plain columns, without
    /// foreign keys: deleting a resource keeps what was sent in its name.
    static let initialSchema = """
        -- One row: the serial that saved plans record, and the state's identity. The
        -- lineage is drawn by the first apply (as Terraform does): every empty state is
        -- the same, so a plan made before the database existed still applies to it.
        CREATE TABLE state_meta (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            serial INTEGER NOT NULL CHECK (serial >= 0),
            lineage TEXT CHECK (lineage <> ''),
            created_at TEXT NOT NULL,
            CHECK (serial = 0 OR lineage IS NOT NULL)
        ) STRICT;

        CREATE TABLE resources (
            kind TEXT NOT NULL CHECK (kind <> ''),
            name TEXT NOT NULL CHECK (name <> ''),
            spec BLOB NOT NULL,
            spec_hash TEXT NOT NULL,
            secret_digests TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(secret_digests)),
            protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
            contacts_fingerprint TEXT,
            revision TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (kind, name)
        ) STRICT;

        CREATE TABLE sender_status (
            name TEXT PRIMARY KEY NOT NULL,
            connection TEXT NOT NULL DEFAULT 'unknown'
                CHECK (connection IN ('unknown', 'connecting', 'waiting-for-scan', 'connected', 'disconnected')),
            health INTEGER NOT NULL DEFAULT 100 CHECK (health BETWEEN 0 AND 100),
            consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
            last_used_at TEXT,
            paused_reason TEXT,
            paused_at TEXT
        ) STRICT;

        CREATE TABLE campaigns (
            name TEXT PRIMARY KEY NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'failed', 'cancelled')),
            message_hash TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            updated_at TEXT NOT NULL
        ) STRICT;

        -- Every outbound message, durable before any transport sees it. The dedupe key
        -- (for example campaign/name/phone) makes enqueueing the same message twice a
        -- no-op. The sender is chosen at dispatch, so it is empty while queued.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY NOT NULL,
            dedupe_key TEXT NOT NULL UNIQUE,
            sender TEXT,
            recipient TEXT NOT NULL,
            origin_kind TEXT NOT NULL CHECK (
                origin_kind = 'campaign' OR origin_kind = 'broadcast' OR origin_kind = 'flow'
                OR origin_kind = 'auto-reply' OR origin_kind = 'manual'),
            origin_name TEXT NOT NULL,
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            state TEXT NOT NULL DEFAULT 'queued' CHECK (
                state = 'queued' OR state = 'sending' OR state = 'sent' OR state = 'delivered'
                OR state = 'read' OR state = 'failed' OR state = 'cancelled' OR state = 'unknown'),
            provider_message_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            not_before TEXT NOT NULL,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        -- The dispatcher's query: due messages in a state.
        CREATE INDEX outbox_by_state_and_time ON outbox (state, not_before);
        -- Delivery receipts arrive by the provider's id.
        CREATE INDEX outbox_by_provider_message_id ON outbox (provider_message_id)
            WHERE provider_message_id IS NOT NULL;

        -- No foreign key to campaigns: a deleted campaign's contacts stay as history.
        -- WITHOUT ROWID: the primary key is the only way in, so one b-tree instead of
        -- a table and an index, which matters for million-contact imports.
        CREATE TABLE campaign_contacts (
            campaign TEXT NOT NULL,
            phone TEXT NOT NULL CHECK (phone GLOB '+[1-9]*'),
            name TEXT,
            variables TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(variables)),
            status TEXT NOT NULL CHECK (
                status = 'pending' OR status = 'queued' OR status = 'sending' OR status = 'sent'
                OR status = 'delivered' OR status = 'read' OR status = 'failed' OR status = 'cancelled'
                OR status = 'unknown'),
            outbox_id INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign, phone)
        ) STRICT, WITHOUT ROWID;
        -- For the foreign key's checks when outbox rows are pruned; partial, so that
        -- importing contacts (no outbox row yet) does not write it.
        CREATE INDEX campaign_contacts_by_outbox_id ON campaign_contacts (outbox_id)
            WHERE outbox_id IS NOT NULL;

        -- What left through each sender and when: quota windows are counted here, so
        -- a restart never resets a daily quota.
        CREATE TABLE send_log (
            id INTEGER PRIMARY KEY NOT NULL,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            sent_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX send_log_by_sender_and_time ON send_log (sender, sent_at);

        -- Compiled flows by content hash; executions stay pinned to theirs.
        CREATE TABLE flow_versions (
            flow TEXT NOT NULL,
            version TEXT NOT NULL,
            program TEXT NOT NULL CHECK (json_valid(program)),
            created_at TEXT NOT NULL,
            PRIMARY KEY (flow, version)
        ) STRICT;

        CREATE TABLE flow_executions (
            id INTEGER PRIMARY KEY NOT NULL,
            flow TEXT NOT NULL,
            version TEXT NOT NULL,
            sender TEXT NOT NULL,
            contact TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
            state TEXT NOT NULL CHECK (json_valid(state)),
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            ended_reason TEXT,
            FOREIGN KEY (flow, version) REFERENCES flow_versions (flow, version)
        ) STRICT;
        -- One active execution per contact per sender.
        CREATE UNIQUE INDEX flow_executions_one_active ON flow_executions (sender, contact)
            WHERE status = 'active';

        -- A timer means nothing without its execution, so it goes with it.
        CREATE TABLE timers (
            id INTEGER PRIMARY KEY NOT NULL,
            execution_id INTEGER NOT NULL REFERENCES flow_executions (id) ON DELETE CASCADE,
            fire_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload))
        ) STRICT;
        CREATE INDEX timers_by_fire_at ON timers (fire_at);
        CREATE INDEX timers_by_execution ON timers (execution_id);

        -- Webhooks may deliver a message twice; the provider's id makes the second a no-op.
        CREATE TABLE inbound_messages (
            id INTEGER PRIMARY KEY NOT NULL,
            provider_message_id TEXT NOT NULL UNIQUE,
            sender TEXT NOT NULL,
            contact TEXT NOT NULL,
            body TEXT NOT NULL CHECK (json_valid(body)),
            received_at TEXT NOT NULL,
            processed_at TEXT
        ) STRICT;
        CREATE INDEX inbound_messages_unprocessed ON inbound_messages (received_at)
            WHERE processed_at IS NULL;

        -- Contacts who said STOP: every campaign and broadcast skips them.
        CREATE TABLE suppressions (
            phone TEXT PRIMARY KEY NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;

        -- Each entry of a broadcast list's `sends` goes out once.
        CREATE TABLE broadcast_sends (
            list TEXT NOT NULL,
            send_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            PRIMARY KEY (list, send_id)
        ) STRICT;

        CREATE TABLE events (
            id INTEGER PRIMARY KEY NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            resource TEXT,
            message TEXT NOT NULL
        ) STRICT;

        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY NOT NULL,
            revision TEXT NOT NULL,
            command TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'failed', 'partial')),
            at TEXT NOT NULL,
            summary TEXT NOT NULL
        ) STRICT;

        -- At most one row: who may write plans now.
        CREATE TABLE locks (
            name TEXT PRIMARY KEY NOT NULL CHECK (name = 'writer'),
            holder_id TEXT NOT NULL,
            command TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            acquired_at TEXT NOT NULL
        ) STRICT;
        """
}
