import Foundation
import Store
import Transports

/// Keeps what the simulator transport "sends" in the state database, so simulated
/// conversations survive a restart and the API, the dashboard and `engine chat` can show
/// them. The daemon gives one to every simulator sender.
///
/// Writes run on a serial queue of the recorder's own, never on Swift's cooperative
/// pool; a failed write is logged through `report` and the send goes on (the record is
/// for people, the outbox is the source of truth).
public final class StoreSimulatorRecorder: SimulatorRecorder {
    private let store: SQLiteStore
    private let queue = DispatchQueue(label: "engine.simulator-recorder")
    private let now: @Sendable () -> Date
    private let report: @Sendable (StoreError) -> Void

    /// Creates a recorder writing into `store`, stamping records with `now()`.
    public init(
        store: SQLiteStore, now: @escaping @Sendable () -> Date = { Date() }, report: @escaping @Sendable (StoreError) -> Void = { _ in }
    ) {
        self.store = store
        self.now = now
        self.report = report
    }

    public func record(_ message: SimulatedMessage) async {
        let record = SimulatorMessageRecord(
            simulatorID: message.id, sender: message.senderName, recipient: message.message.to,
            content: Self.json(message.message.content), attempt: message.attempt, outcome: message.outcome.code ?? "accepted",
            reason: Self.reason(message.outcome), latency: message.latency, recordedAt: now())
        let store = store, report = report
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                do throws(StoreError) {
                    try store.recordSimulatorMessage(record)
                } catch {
                    report(error)
                }
                done.resume()
            }
        }
    }

    /// The failure's explanation, nil for an accepted send.
    static func reason(_ outcome: SendOutcome) -> String? {
        switch outcome {
        case .accepted: nil
        case .retryLater(let advice): advice.reason
        case .failedForRecipient(_, let reason), .failedMessage(_, let reason), .failedForSender(_, let reason), .unknown(_, let reason): reason
        }
    }

    /// The content as a small JSON object naming its kind.
    static func json(_ content: MessageContent) -> String {
        var object: [String: Any]
        switch content {
        case .text(let text, let previewURL):
            object = ["type": "text", "text": text, "previewURL": previewURL]
        case .template(let template):
            object = [
                "type": "template", "name": template.name, "language": template.languageCode, "parameters": template.bodyParameters,
                "header": template.headerParameters, "buttons": template.buttonPayloads,
            ]
        case .media(let media):
            object = ["type": media.kind.rawValue, "url": media.link]
            if let caption = media.caption { object["caption"] = caption }
            if let filename = media.filename { object["filename"] = filename }
        case .buttons(let body, let buttons):
            object = ["type": "buttons", "text": body, "buttons": buttons.map { ["id": $0.id, "title": $0.title] }]
        case .list(let body, let label, let sections):
            object = [
                "type": "list", "text": body, "button": label,
                "sections": sections.map { section in
                    [
                        "title": section.title ?? "",
                        "rows": section.rows.map { ["id": $0.id, "title": $0.title, "description": $0.description ?? ""] },
                    ]
                },
            ]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
