extension OutboxPayload {
    /// A plain text message (auto-replies, confirmations, manual sends).
    public init(text: String) {
        self.text = text
        self.template = nil
        self.media = nil
        self.buttons = nil
        self.list = nil
    }
}
