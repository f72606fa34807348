import Foundation
import Testing

@testable import Transports

/// Every request the Cloud API transport makes, byte for byte.
@Suite("Cloud API requests")
struct CloudAPIRequestTests {
    private let recipient = #""to":"+5511987650001""#
    private let envelope = #""messaging_product":"whatsapp","recipient_type":"individual""#

    private func expectPost(_ request: HTTPRequest, body expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(request.method == .post, sourceLocation: sourceLocation)
        #expect(request.url.absoluteString == CloudAPIFixture.messagesURL, sourceLocation: sourceLocation)
        #expect(request.header("Authorization") == "Bearer \(CloudAPIFixture.accessToken)", sourceLocation: sourceLocation)
        #expect(request.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(request.timeout == .seconds(30), sourceLocation: sourceLocation)
        #expect(CloudAPIFixture.body(request) == expected, sourceLocation: sourceLocation)
    }

    @Test func textCarriesBodyAndPreviewFlag() async throws {
        let request = try await CloudAPIFixture.request(for: .text("Hello https://example.com/a", previewURL: true))
        expectPost(
            request,
            body: #"{\#(envelope),"text":{"body":"Hello https://example.com/a","preview_url":true},\#(recipient),"type":"text"}"#)
    }

    @Test func replyAddsContextMessageID() async throws {
        let request = try await CloudAPIFixture.request(for: .text("Sure, José"), replyTo: "wamid.IN.1")
        expectPost(
            request,
            body:
                #"{"context":{"message_id":"wamid.IN.1"},\#(envelope),"text":{"body":"Sure, José","preview_url":false},\#(recipient),"type":"text"}"#)
    }

    @Test func templateCarriesHeaderBodyAndQuickReplyButtons() async throws {
        let template = TemplateMessage(
            name: "order_update", languageCode: "pt_BR", bodyParameters: ["Maria", "#1042"], headerParameters: ["Pedido"],
            buttonPayloads: ["TRACK", "STOP_PROMOS"])
        let request = try await CloudAPIFixture.request(for: .template(template))
        let components = [
            #"{"parameters":[{"text":"Pedido","type":"text"}],"type":"header"}"#,
            ##"{"parameters":[{"text":"Maria","type":"text"},{"text":"#1042","type":"text"}],"type":"body"}"##,
            #"{"index":"0","parameters":[{"payload":"TRACK","type":"payload"}],"sub_type":"quick_reply","type":"button"}"#,
            #"{"index":"1","parameters":[{"payload":"STOP_PROMOS","type":"payload"}],"sub_type":"quick_reply","type":"button"}"#,
        ].joined(separator: ",")
        expectPost(
            request,
            body:
                #"{\#(envelope),"template":{"components":[\#(components)],"language":{"code":"pt_BR"},"name":"order_update"},\#(recipient),"type":"template"}"#
        )
    }

    @Test func templateWithoutParametersHasNoComponents() async throws {
        let request = try await CloudAPIFixture.request(for: .template(TemplateMessage(name: "hello_world", languageCode: "en_US")))
        expectPost(request, body: #"{\#(envelope),"template":{"language":{"code":"en_US"},"name":"hello_world"},\#(recipient),"type":"template"}"#)
    }

    @Test func imageIsSentByLinkWithCaption() async throws {
        let media = MediaAttachment(kind: .image, link: "https://cdn.example.com/mug.jpg", caption: "Your mug", filename: "ignored.jpg")
        let request = try await CloudAPIFixture.request(for: .media(media))
        expectPost(
            request, body: #"{"image":{"caption":"Your mug","link":"https://cdn.example.com/mug.jpg"},\#(envelope),\#(recipient),"type":"image"}"#)
    }

    @Test func documentKeepsItsFilename() async throws {
        let media = MediaAttachment(kind: .document, link: "https://cdn.example.com/i.pdf", caption: "Invoice", filename: "invoice-1042.pdf")
        let request = try await CloudAPIFixture.request(for: .media(media))
        expectPost(
            request,
            body:
                #"{"document":{"caption":"Invoice","filename":"invoice-1042.pdf","link":"https://cdn.example.com/i.pdf"},\#(envelope),\#(recipient),"type":"document"}"#
        )
    }

    @Test func videoAndAudio() async throws {
        let video = try await CloudAPIFixture.request(
            for: .media(MediaAttachment(kind: .video, link: "https://cdn.example.com/v.mp4", caption: "Demo")))
        expectPost(video, body: #"{\#(envelope),\#(recipient),"type":"video","video":{"caption":"Demo","link":"https://cdn.example.com/v.mp4"}}"#)
        // WhatsApp refuses captions on audio, so the transport leaves it out.
        let audio = try await CloudAPIFixture.request(for: .media(MediaAttachment(kind: .audio, link: "https://cdn.example.com/a.ogg", caption: "x")))
        expectPost(audio, body: #"{"audio":{"link":"https://cdn.example.com/a.ogg"},\#(envelope),\#(recipient),"type":"audio"}"#)
    }

    @Test func replyButtons() async throws {
        let request = try await CloudAPIFixture.request(
            for: .buttons(
                body: "How can we help?", buttons: [ReplyButton(id: "track", title: "Track order"), ReplyButton(id: "agent", title: "Agent")]))
        let buttons = #"[{"reply":{"id":"track","title":"Track order"},"type":"reply"},{"reply":{"id":"agent","title":"Agent"},"type":"reply"}]"#
        expectPost(
            request,
            body:
                #"{"interactive":{"action":{"buttons":\#(buttons)},"body":{"text":"How can we help?"},"type":"button"},\#(envelope),\#(recipient),"type":"interactive"}"#
        )
    }

    @Test func listWithSectionsAndRows() async throws {
        let sections = [
            ListSection(
                title: "Sizes",
                rows: [ListSection.Row(id: "size-m", title: "Medium", description: "Chest 96-101 cm"), ListSection.Row(id: "size-l", title: "Large")])
        ]
        let request = try await CloudAPIFixture.request(for: .list(body: "Which size?", buttonLabel: "Choose size", sections: sections))
        let rows = #"[{"description":"Chest 96-101 cm","id":"size-m","title":"Medium"},{"id":"size-l","title":"Large"}]"#
        expectPost(
            request,
            body:
                #"{"interactive":{"action":{"button":"Choose size","sections":[{"rows":\#(rows),"title":"Sizes"}]},"body":{"text":"Which size?"},"type":"list"},\#(envelope),\#(recipient),"type":"interactive"}"#
        )
    }

    @Test func markReadPostsStatusRead() async throws {
        let (transport, client) = CloudAPIFixture.transport([CloudAPIFixture.response(200, #"{"success":true}"#)])
        try await transport.markRead(messageID: "wamid.IN.1")
        let requests = await client.requests
        try #require(requests.count == 1)
        expectPost(requests[0], body: #"{"message_id":"wamid.IN.1","messaging_product":"whatsapp","status":"read"}"#)
    }

    @Test func typingIndicatorIsAReadReceiptWithTypingIndicator() async throws {
        let (transport, client) = CloudAPIFixture.transport([CloudAPIFixture.response(200, #"{"success":true}"#)])
        try await transport.showTyping(to: "+5511987650001", replyingTo: "wamid.IN.1")
        let requests = await client.requests
        try #require(requests.count == 1)
        expectPost(
            requests[0], body: #"{"message_id":"wamid.IN.1","messaging_product":"whatsapp","status":"read","typing_indicator":{"type":"text"}}"#)
    }

    @Test func typingWithoutAMessageToAnswerSendsNothing() async throws {
        let (transport, client) = CloudAPIFixture.transport([])
        try await transport.showTyping(to: "+5511987650001", replyingTo: nil)
        #expect(await client.requests.isEmpty)
    }

    @Test func baseURLAndVersionAreConfigurable() async throws {
        var configuration = CloudAPIFixture.configuration
        configuration.baseURL = URL(string: "http://127.0.0.1:8089/graph/")!
        configuration.apiVersion = "v25.0"
        let client = CloudAPIRecordingClient([CloudAPIFixture.accepted])
        let transport = CloudAPITransport(configuration: configuration, client: client)
        _ = await transport.send(OutboundMessage(to: "+15550001111", content: .text("hi")), attempt: 0)
        #expect(await client.requests.first?.url.absoluteString == "http://127.0.0.1:8089/graph/v25.0/204060801234567/messages")
    }

    @Test func defaultGraphVersionIsTheNewestListed() {
        #expect(CloudAPIConfiguration.defaultAPIVersion == "v26.0")
        #expect(CloudAPIFixture.configuration.baseURL.absoluteString == "https://graph.facebook.com")
    }

    @Test func printingTheConfigurationMasksSecrets() {
        let printed = "\(CloudAPIFixture.configuration)"
        var dumped = ""
        dump(CloudAPIFixture.configuration, to: &dumped)
        for text in [printed, dumped] {
            #expect(!text.contains(CloudAPIFixture.accessToken))
            #expect(!text.contains(CloudAPIFixture.appSecret))
            #expect(!text.contains(CloudAPIFixture.verifyToken))
            #expect(text.contains(CloudAPIFixture.phoneNumberID))
        }
    }
}
