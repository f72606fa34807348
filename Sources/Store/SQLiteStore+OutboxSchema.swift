extension SQLiteStore {
    /// `v5-outbox-dispatch`: what the outbox dispatcher needs beyond the v1 tables.
    /// Released migrations never change; see ``migrator(now:)``.
    ///
    /// - `outbox.error_code`, `sent_at`, `delivered_at`, `read_at`: the last failure's
    ///   code next to its text, and when the message moved on.
    /// - `outbox_queued_by_origin`: the dispatcher's read, queued rows of one resource due
    ///   first, without sorting the whole queue.
    /// - `send_log.outbox_id`, `send_log.campaign`: which message a send was, and the
    ///   campaign whose daily cap it counts in (read back at start-up).
    /// - `sender_status` pause cause and probation end, sender-wide backoff and provider
    ///   slowdown: a restart continues a pause, a backoff or a slowdown where it was.
    static let outboxDispatchSchema = """
        ALTER TABLE outbox ADD COLUMN error_code TEXT;
        ALTER TABLE outbox ADD COLUMN sent_at TEXT;
        ALTER TABLE outbox ADD COLUMN delivered_at TEXT;
        ALTER TABLE outbox ADD COLUMN read_at TEXT;
        CREATE INDEX outbox_queued_by_origin ON outbox (origin_kind, origin_name, not_before, id)
            WHERE state = 'queued';

        ALTER TABLE send_log ADD COLUMN outbox_id INTEGER;
        ALTER TABLE send_log ADD COLUMN campaign TEXT;
        CREATE INDEX send_log_by_campaign_and_time ON send_log (campaign, sent_at)
            WHERE campaign IS NOT NULL;

        ALTER TABLE sender_status ADD COLUMN paused_cause TEXT CHECK (paused_cause <> '');
        ALTER TABLE sender_status ADD COLUMN resumes_at TEXT;
        ALTER TABLE sender_status ADD COLUMN backoff_until TEXT;
        ALTER TABLE sender_status ADD COLUMN slowdown_factor REAL CHECK (slowdown_factor > 0 AND slowdown_factor <= 1);
        ALTER TABLE sender_status ADD COLUMN slowdown_until TEXT;
        ALTER TABLE sender_status ADD COLUMN slowdown_reason TEXT;
        """
}
