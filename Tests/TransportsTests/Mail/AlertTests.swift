import Testing
import Transports

@Suite("Alert")
struct AlertTests {
    @Test func senderPausedNamesTheSenderAndTheReason() {
        let alert = Alert.senderPaused(sender: "sales-1", reason: "quality rating dropped to RED\nMeta flagged 12 reports")
        #expect(alert.subject == "[engine] Sender sales-1 paused: quality rating dropped to RED")
        #expect(
            alert.body == """
                The engine paused sender sales-1 automatically.

                Reason: quality rating dropped to RED
                Meta flagged 12 reports

                The sender sends nothing until it is resumed. Fix the cause, then check its state with `engine status`.

                """)
    }

    @Test func aCompletedCampaignListsItsCountsAligned() {
        let counts = Alert.CampaignCounts(contacts: 1000, sent: 980, delivered: 950, read: 700, failed: 20)
        let alert = Alert.campaignFinished(campaign: "black-friday", outcome: .completed, counts: counts)
        #expect(alert.subject == "[engine] Campaign black-friday completed: 980 of 1000 sent, 20 failed")
        #expect(
            alert.body == """
                Campaign black-friday completed.

                Contacts:  1000
                Sent:       980
                Delivered:  950
                Read:       700
                Failed:      20

                See `engine status` for every contact's state.

                """)
    }

    @Test func aFailedCampaignGivesTheReason() {
        let counts = Alert.CampaignCounts(contacts: 3, sent: 1, delivered: 1, read: 0, failed: 2)
        let alert = Alert.campaignFinished(campaign: "launch", outcome: .failed(reason: "every sender is paused"), counts: counts)
        #expect(alert.subject == "[engine] Campaign launch failed: every sender is paused")
        #expect(alert.body.hasPrefix("Campaign launch failed.\n\nReason: every sender is paused\n\nContacts:  3\nSent:      1\n"))
    }

    @Test func anInvalidConfigurationQuotesTheFirstDiagnosticLines() {
        let lines = (1...25).map { "campaigns/launch.yaml:\($0):3: error[config.unknown-key]: unknown key 'retrys'" }
        let alert = Alert.configurationInvalid(revision: "3f2a1c9", diagnostics: lines)
        #expect(alert.subject == "[engine] Configuration 3f2a1c9 is invalid")
        let body = alert.body
        #expect(body.hasPrefix("The configuration at revision 3f2a1c9 failed validation.\n\nFirst diagnostics:\n\ncampaigns/launch.yaml:1:3:"))
        #expect(body.contains("launch.yaml:20:3:"))
        #expect(!body.contains("launch.yaml:21:3:"))
        #expect(body.contains("… and 5 more lines.\n"))
        #expect(body.hasSuffix("\nRun `engine validate` on that revision to see every diagnostic, fix the files and commit.\n"))
    }

    @Test func anInvalidConfigurationWithoutDiagnosticsSaysSo() {
        let body = Alert.configurationInvalid(revision: "abc", diagnostics: []).body
        #expect(body.contains("No diagnostics were recorded.\n"))
        #expect(!body.contains("more line"))
    }

    @Test func shortensALongReasonInTheSubjectOnly() {
        let reason = String(repeating: "slow ", count: 40)
        let alert = Alert.senderPaused(sender: "s", reason: reason)
        #expect(alert.subject == "[engine] Sender s paused: " + String(reason.prefix(79)) + "…")
        #expect(alert.body.contains(reason))
    }
}
