import Foundation
import Runtime
import Store
import Testing

@Suite("ManualSend: the path engine send and POST /api/messages share")
struct ManualSendTests {
    let store: SQLiteStore

    init() throws {
        store = try SQLiteStore.inMemory()
    }

    func message(_ phone: String, key: String, text: String = "Hi", sender: String? = nil) -> ManualSend.Message {
        ManualSend.Message(recipient: phone, payload: OutboxPayload(text: text), dedupeKey: key, sender: sender)
    }

    @Test("messages are queued as manual rows named by their source; a key queued before is not queued again")
    func queues() throws {
        let send = ManualSend(store: store, source: "api")
        let first = try send.enqueue([message("+15550109001", key: "manual:key:a", sender: "sales-1"), message("+15550109002", key: "manual:key:b")])
        guard case .queued(let id) = first[0], case .queued = first[1] else { Issue.record("\(first)"); return }
        #expect(try send.enqueue([message("+15550109001", key: "manual:key:a", text: "changed")]) == [.alreadyQueued(id: id)])
        let row = try #require(try store.outboxRecord(id: id))
        #expect(row.origin == OutboxOrigin(kind: .manual, name: "api"))
        #expect(row.sender == "sales-1")
        #expect(row.state == .queued)
        #expect(String(decoding: row.payload, as: UTF8.self) == #"{"text":"Hi"}"#)
    }

    @Test("a contact who opted out is skipped, the others queued, outcomes in order")
    func skipsOptedOut() throws {
        try store.setSuppressed(true, phone: "+15550109002", reason: "STOP", confirmation: nil)
        let outcomes = try ManualSend(store: store, source: "engine send").enqueue([
            message("+15550109001", key: "k1"), message("+15550109002", key: "k2"), message("+15550109003", key: "k3"),
        ])
        #expect(outcomes.count == 3)
        #expect(outcomes[1] == .optedOut)
        #expect(outcomes.filter { if case .queued = $0 { true } else { false } }.count == 2)
    }

    @Test("numbers are normalised to E.164 with the default country code; text that is no number is nil")
    func recipients() {
        #expect(ManualSend.recipient("+1 (555) 010-9001", defaultCountryCode: nil) == "+15550109001")
        #expect(ManualSend.recipient("555 010 9001", defaultCountryCode: "1") == "+15550109001")
        #expect(ManualSend.recipient("call me", defaultCountryCode: "1") == nil)
    }

    @Test("idempotency keys, file rows and unique sends have keys of their own")
    func keys() {
        #expect(ManualSend.dedupeKey(idempotencyKey: "order-42") == "manual:key:order-42")
        #expect(ManualSend.dedupeKey(fileDigest: "ab12", recipient: "+15550109001") == "manual:ab12:+15550109001")
        #expect(ManualSend.uniqueDedupeKey() != ManualSend.uniqueDedupeKey())
    }
}
