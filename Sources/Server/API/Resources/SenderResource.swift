/// A sender as `/api/senders` shows it: what the files declare and what the engine
/// knows of its connection and health.
public struct SenderResource: Sendable, Hashable, Codable {
    /// The sender's name, unique among senders.
    public var name: String
    /// `simulator`, `cloud-api` or `gateway`.
    public var transport: String
    /// The sender's own number, E.164.
    public var phone: String
    /// false keeps it out of every selection.
    public var enabled: Bool
    /// The limits of its sliding windows.
    public var quota: Quota
    /// What the engine knows of it (the defaults before its first apply).
    public var status: SenderHealth

    /// Messages per sliding window.
    public struct Quota: Sendable, Hashable, Codable {
        public var perMinute: Int
        public var perHour: Int
        public var perDay: Int

        public init(perMinute: Int, perHour: Int, perDay: Int) {
            self.perMinute = perMinute
            self.perHour = perHour
            self.perDay = perDay
        }
    }

    public init(name: String, transport: String, phone: String, enabled: Bool, quota: Quota, status: SenderHealth) {
        self.name = name
        self.transport = transport
        self.phone = phone
        self.enabled = enabled
        self.quota = quota
        self.status = status
    }
}
