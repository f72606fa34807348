import Foundation
import Store

extension NewOutboxMessage {
    /// A message to enqueue, its payload encoded as the outbox keeps it.
    /// - Throws: ``RuntimeError`` `runtime.unreadable-record` when the payload cannot be encoded.
    public init(
        dedupeKey: String, recipient: String, origin: OutboxOrigin, message: OutboxPayload, sender: String? = nil, notBefore: Date? = nil,
        isBurst: Bool = false
    ) throws(RuntimeError) {
        self.init(
            dedupeKey: dedupeKey, recipient: recipient, origin: origin, payload: try message.encoded(), sender: sender, notBefore: notBefore,
            isBurst: isBurst)
    }
}
