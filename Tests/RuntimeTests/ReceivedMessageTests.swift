import Foundation
import Runtime
import Testing
import Transports

@Suite("ReceivedMessage")
struct ReceivedMessageTests {
    @Test("a provider's message gets its plus sign, profile name, text and tap id")
    func fromProvider() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let tap = Transports.InboundMessage(
            phoneNumberID: "106", id: "wamid.1", from: "15550100001", contact: ContactProfile(name: "Ann", waID: "15550100001", userID: nil),
            timestamp: nil, replyingTo: nil, content: .buttonReply(id: "yes", title: "Yes please"))
        let received = ReceivedMessage(tap, sender: "support", receivedAt: now)
        #expect(
            received
                == ReceivedMessage(
                    providerMessageID: "wamid.1", sender: "support", contactPhone: "+15550100001", profileName: "Ann", text: "Yes please",
                    replyID: "yes", receivedAt: now))

        let reaction = Transports.InboundMessage(
            phoneNumberID: "106", id: "wamid.2", from: "+15550100001", contact: nil, timestamp: nil, replyingTo: nil,
            content: .reaction(messageID: "wamid.0", emoji: "👍"))
        let other = ReceivedMessage(reaction, sender: "support", receivedAt: now)
        #expect(other.contactPhone == "+15550100001")
        #expect(other.text.isEmpty)
        #expect(other.replyID == nil)
    }
}
