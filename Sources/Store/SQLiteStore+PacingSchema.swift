extension SQLiteStore {
    /// `v6-pacing-burst-windows`: what the outbox dispatcher and the campaign lifecycle
    /// need beyond `v5`. Released migrations never change; see ``migrator(now:)``.
    ///
    /// - `sender_status.paced_until`, `spread_until`: the scheduler's pacing pause and quota
    ///   spreading after a sender's last business message, so that a restart does not let
    ///   the next one follow sooner than the pacing's minimum.
    /// - `outbox.burst`: a business message sent without pacing (`engine send --burst`);
    ///   the hard quotas still apply.
    /// - `inbound_messages_by_contact`: when a contact last wrote to each sender, one index
    ///   range per contact: the start of the 24-hour customer-service window.
    /// - `campaigns.state_reason`: why a campaign is in its state (why it `failed`).
    static let pacingSchema = """
        ALTER TABLE sender_status ADD COLUMN paced_until TEXT;
        ALTER TABLE sender_status ADD COLUMN spread_until TEXT;

        ALTER TABLE outbox ADD COLUMN burst INTEGER NOT NULL DEFAULT 0 CHECK (burst = 0 OR burst = 1);

        CREATE INDEX inbound_messages_by_contact ON inbound_messages (contact, sender, received_at);

        ALTER TABLE campaigns ADD COLUMN state_reason TEXT;
        """
}
