import Foundation
import Testing

@testable import Transports

/// Messages over WhatsApp's limits are refused before any request.
@Suite("Cloud API local limits")
struct CloudAPILimitTests {
    private func expectRefused(_ content: MessageContent, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let (transport, client) = CloudAPIFixture.transport([CloudAPIFixture.accepted])
        let outcome = await transport.send(OutboundMessage(to: "+5511987650001", content: content), attempt: 0)
        guard case .failedMessage(let code, let reason) = outcome else {
            Issue.record("expected failedMessage, got \(outcome)", sourceLocation: sourceLocation)
            return
        }
        #expect(code == "local.limit", sourceLocation: sourceLocation)
        #expect(reason.contains(words), "\(reason)", sourceLocation: sourceLocation)
        #expect(await client.requests.isEmpty, "nothing may reach the provider", sourceLocation: sourceLocation)
    }

    private func rows(_ count: Int) -> [ListSection.Row] {
        (0..<count).map { ListSection.Row(id: "r\($0)", title: "Row \($0)") }
    }

    @Test func textOverFourThousandNinetySixCharacters() async throws {
        await expectRefused(.text(String(repeating: "a", count: 4097)), mentioning: "4097 characters; WhatsApp allows at most 4096")
        // Exactly at the limit goes out; characters, not bytes, are counted.
        let request = try await CloudAPIFixture.request(for: .text(String(repeating: "é", count: 4096)))
        #expect(request.body != nil)
    }

    @Test func moreThanThreeButtons() async {
        let buttons = (1...4).map { ReplyButton(id: "b\($0)", title: "Option \($0)") }
        await expectRefused(.buttons(body: "Pick one", buttons: buttons), mentioning: "4 buttons; WhatsApp allows at most 3")
    }

    @Test func buttonTitleOverTwentyCharacters() async {
        let buttons = [ReplyButton(id: "long", title: String(repeating: "x", count: 21))]
        await expectRefused(.buttons(body: "Pick one", buttons: buttons), mentioning: "21 characters; WhatsApp allows at most 20")
    }

    @Test func listButtonLabelOverTwentyCharacters() async {
        let sections = [ListSection(title: nil, rows: rows(1))]
        await expectRefused(.list(body: "Pick", buttonLabel: "Choose one of these ok", sections: sections), mentioning: "list button")
    }

    @Test func moreThanTenSections() async {
        let sections = (0..<11).map { ListSection(title: "S\($0)", rows: [ListSection.Row(id: "r\($0)", title: "Row")]) }
        await expectRefused(.list(body: "Pick", buttonLabel: "Choose", sections: sections), mentioning: "11 sections")
    }

    @Test func moreThanTenRowsAcrossSections() async {
        let sections = [ListSection(title: "A", rows: rows(6)), ListSection(title: "B", rows: rows(5))]
        await expectRefused(.list(body: "Pick", buttonLabel: "Choose", sections: sections), mentioning: "11 rows")
    }

    @Test func rowTitleOverTwentyFourCharacters() async {
        let sections = [ListSection(title: "A", rows: [ListSection.Row(id: "r", title: String(repeating: "y", count: 25))])]
        await expectRefused(.list(body: "Pick", buttonLabel: "Choose", sections: sections), mentioning: "25 characters; WhatsApp allows at most 24")
    }

    @Test func interactiveBodyAndCaptionOverTenTwentyFour() async {
        let body = String(repeating: "b", count: 1025)
        await expectRefused(.buttons(body: body, buttons: [ReplyButton(id: "a", title: "A")]), mentioning: "1025 characters")
        await expectRefused(
            .media(MediaAttachment(kind: .image, link: "https://cdn.example.com/a.jpg", caption: body)), mentioning: "the caption has 1025")
    }

    @Test func emptyTextAndEmptyButtonsAreRefused() async {
        await expectRefused(.text(""), mentioning: "empty")
        await expectRefused(.buttons(body: "Pick", buttons: []), mentioning: "at least one button")
    }

    @Test func limitsAtTheirMaximumPass() {
        let limits = MessageLimits.whatsApp
        let buttons = (1...3).map { ReplyButton(id: "b\($0)", title: String(repeating: "t", count: 20)) }
        #expect(limits.violation(in: .buttons(body: "Pick", buttons: buttons)) == nil)
        let sections = [ListSection(title: String(repeating: "s", count: 24), rows: rows(10))]
        #expect(limits.violation(in: .list(body: "Pick", buttonLabel: String(repeating: "l", count: 20), sections: sections)) == nil)
    }
}
