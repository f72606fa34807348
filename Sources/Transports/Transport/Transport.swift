/// A way for messages to leave the engine and for the provider's news to come back.
///
/// Every transport (the simulator, Meta's Cloud API, a WhatsApp Web gateway) implements
/// it. Sends never throw: the scheduler acts on the class of a ``SendOutcome``, so
/// every failure, including a network one, is classified into one. Webhook handling is
/// a pure function of the request: no I/O, no clock, so a server can call it inline.
public protocol Transport: Sendable {
    /// Sends one message.
    ///
    /// - Parameters:
    ///   - message: what to send and to whom. Messages that break WhatsApp's limits
    ///     (see ``MessageLimits``) are refused locally with
    ///     ``SendOutcome/failedMessage(code:reason:)`` and code `local.limit`, before
    ///     any request.
    ///   - attempt: how many earlier tries of this message ended in
    ///     ``SendOutcome/retryLater(_:)``; 0 for the first. Backoffs grow with it
    ///     (the Cloud API's pair rate limit waits 4^attempt seconds).
    /// - Returns: the classified outcome; see ``SendOutcome`` for what each class asks
    ///   of the scheduler.
    func send(_ message: OutboundMessage, attempt: Int) async -> SendOutcome

    /// Shows "typing…" to `recipient` for a moment (the provider decides how long).
    ///
    /// Best effort. Providers that can only show typing in answer to a message
    /// (the Cloud API) need `messageID`, and showing typing also marks that message
    /// read; without one they do nothing.
    /// - Throws: ``TransportError`` when the provider refused or could not be reached.
    func showTyping(to recipient: String, replyingTo messageID: String?) async throws(TransportError)

    /// Marks an inbound message (and, on WhatsApp, every earlier one in the chat) as read.
    /// - Throws: ``TransportError`` when the provider refused or could not be reached.
    func markRead(messageID: String) async throws(TransportError)

    /// Asks the provider whether this sender can send now. Never throws: failures are
    /// reported as a status.
    func connectionStatus() async -> ConnectionStatus

    /// Turns one webhook request into verified events, or into a response to give as is.
    ///
    /// The caller persists ``WebhookReply/events`` first and only then answers with
    /// ``WebhookReply/response``, so a crash in between makes the provider deliver
    /// again; deduplicate with ``WebhookEvent/deduplicationKey``. Requests whose
    /// signature is missing or wrong yield no events.
    func handleWebhook(_ request: WebhookRequest) -> WebhookReply
}
