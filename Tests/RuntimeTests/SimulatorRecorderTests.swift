import Foundation
import Store
import TestSupport
import Testing
import Transports

@testable import Runtime

/// The simulator's sends kept in the state database.
@Suite("Store simulator recorder")
struct SimulatorRecorderTests {
    @Test("every send is kept with its outcome and survives reopening the database")
    func keepsSends() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.db").path
        let stamp = Date(timeIntervalSince1970: 1_767_607_200)
        let store = try SQLiteStore(path: path, now: { stamp })
        let recorder = StoreSimulatorRecorder(store: store, now: { stamp })
        var configuration = SimulatorConfiguration(senderName: "sales", senderPhone: "+15550100001", undeliverable: ["+1555999*"])
        configuration.runID = "00c0ffee"
        let transport = SimulatorTransport(configuration: configuration, clock: TestClock(), recorder: recorder)

        _ = await transport.send(OutboundMessage(to: "+15557654321", content: .text("hello https://x.example/a")), attempt: 0)
        _ = await transport.send(
            OutboundMessage(to: "+15557654321", content: .buttons(body: "Pick one", buttons: [ReplyButton(id: "a", title: "A")])), attempt: 0)
        _ = await transport.send(OutboundMessage(to: "+15559990000", content: .text("nobody")), attempt: 1)

        let reopened = try SQLiteStore(path: path)
        let kept = try reopened.simulatorMessages(sender: "sales")
        #expect(kept.map(\.simulatorID) == ["sim.sales.00c0ffee.1", "sim.sales.00c0ffee.2", "sim.sales.00c0ffee.3"])
        #expect(kept[0].content == #"{"previewURL":false,"text":"hello https://x.example/a","type":"text"}"#)
        #expect(kept[1].content == #"{"buttons":[{"id":"a","title":"A"}],"text":"Pick one","type":"buttons"}"#)
        #expect(kept[0].outcome == "accepted" && kept[0].reason == nil)
        #expect(kept[2].outcome != "accepted" && kept[2].reason != nil && kept[2].attempt == 1)
        #expect(kept.allSatisfy { $0.recordedAt == stamp })
        #expect(try reopened.simulatorMessages(sender: "sales", recipient: "+15559990000").count == 1)
    }
}
