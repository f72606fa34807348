import Foundation

/// What a transport made of a webhook request: events to record, and the answer to give.
///
/// Record ``events`` durably first, then answer with ``response``: a provider that gets
/// no 2xx delivers again, so nothing is lost, and deduplication by
/// ``WebhookEvent/deduplicationKey`` makes the second delivery harmless.
public struct WebhookReply: Sendable, Hashable {
    /// Verified events in the order the payload listed them; empty when the request was
    /// refused or carried nothing the engine uses.
    public var events: [WebhookEvent]
    /// The HTTP answer.
    public var response: HTTPResponse

    /// Creates a reply.
    public init(events: [WebhookEvent], response: HTTPResponse) {
        self.events = events
        self.response = response
    }

    /// A reply with no events and a plain-text answer.
    public static func refusal(status: Int, _ text: String) -> WebhookReply {
        WebhookReply(
            events: [], response: HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data(text.utf8)))
    }
}
