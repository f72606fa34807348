extension SQLiteStore {
    /// `v3-flow-runner`: what the flow runner needs beyond the v1 tables. Released
    /// migrations never change; see ``migrator(now:)``.
    ///
    /// - `contacts`: who wrote, with the WhatsApp profile name and a handoff deadline.
    /// - `flow_executions.step_sequence`: steps committed so far; a step is written only
    ///   over the sequence it was computed from, and outbox dedupe keys carry it.
    /// - `flow_http_calls`: the request an execution waits for, made again after a restart.
    /// - `flow_counters`: how often each node was entered and each edge taken, per version.
    /// - `inbound_messages.outcome`: what the runner did with a message (`no-match` ones are
    ///   the auto-replies' to answer).
    static let flowRunnerSchema = """
        CREATE TABLE contacts (
            phone TEXT PRIMARY KEY NOT NULL CHECK (phone <> ''),
            name TEXT,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            handoff_until TEXT,
            handoff_note TEXT
        ) STRICT;

        ALTER TABLE flow_executions ADD COLUMN step_sequence INTEGER NOT NULL DEFAULT 0 CHECK (step_sequence >= 0);
        -- Ending the executions of a removed or disabled flow finds them by flow.
        CREATE INDEX flow_executions_active_by_flow ON flow_executions (flow) WHERE status = 'active';

        -- At most one call per execution: it waits for one result at a time.
        CREATE TABLE flow_http_calls (
            execution_id INTEGER PRIMARY KEY NOT NULL REFERENCES flow_executions (id) ON DELETE CASCADE,
            call_id INTEGER NOT NULL,
            request TEXT NOT NULL CHECK (json_valid(request)),
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE flow_counters (
            flow TEXT NOT NULL,
            version TEXT NOT NULL,
            key TEXT NOT NULL CHECK (key <> ''),
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (flow, version, key)
        ) STRICT, WITHOUT ROWID;

        ALTER TABLE inbound_messages ADD COLUMN outcome TEXT;
        -- A conversation's waiting messages, in arrival order.
        CREATE INDEX inbound_messages_unprocessed_by_conversation ON inbound_messages (sender, contact, id)
            WHERE processed_at IS NULL;
        """

    /// `v7-flow-write-path`: fewer pages written per step. Under load the runner's commits
    /// wrote mostly pages of B-trees keyed by flow, one per message, since each message
    /// lands on another flow:
    ///
    /// - `flow_step_counters`: the flow counters a step increments, as one row. A step
    ///   enters a few nodes and takes a few edges; `flow_counters` gave each its own upsert.
    ///   Here a row is a kind of step — its increments, as a JSON object with sorted keys —
    ///   and how many steps made exactly those, so a step is one upsert. Reading sums both
    ///   tables per counter (``flowCounters(flow:)``); rows of `flow_counters` stay.
    /// - `flow_executions_active_by_flow` goes: every start and end wrote a page of it (a
    ///   fifth of the WAL), for deploys and status, which now read the active executions
    ///   through `flow_executions_one_active` (tens of milliseconds for 50,000).
    static let flowWritePathSchema = """
        CREATE TABLE flow_step_counters (
            flow TEXT NOT NULL,
            version TEXT NOT NULL,
            increments TEXT NOT NULL CHECK (increments <> ''),
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (flow, version, increments)
        ) STRICT, WITHOUT ROWID;

        DROP INDEX flow_executions_active_by_flow;
        """
}
