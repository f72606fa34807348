import Foundation
import TestSupport
import Testing
import Transports

@Suite("AlertMailer", .timeLimit(.minutes(1)))
struct AlertMailerTests {
    static let uniqueID = UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!
    static let date = Date(timeIntervalSince1970: 1_778_146_200)
    static let alert = Alert.senderPaused(sender: "sales-1", reason: "quality rating RED")

    @Test func mailsTheAlertThroughTheConfiguredServer() async throws {
        try await withSMTPSink { sink in
            let configuration = AlertMailer.Configuration(
                smtpURL: sink.url.absoluteString, from: "engine@example.com", to: ["ops@example.com", "oncall@example.com"])
            let mailer = try AlertMailer(configuration: configuration, makeUniqueID: { Self.uniqueID })
            let result = await mailer.send(Self.alert, at: Self.date)
            #expect(throws: Never.self) { try result.get() }

            let delivery = try #require(sink.deliveries.first)
            #expect(delivery.sender == "engine@example.com")
            #expect(delivery.recipients == ["ops@example.com", "oncall@example.com"])
            let expected = try mailer.message(for: Self.alert, at: Self.date).get()
            #expect(delivery.message == expected.rendered())
            let text = String(decoding: delivery.message, as: UTF8.self)
            #expect(text.contains("\r\nSubject: [engine] Sender sales-1 paused: quality rating RED\r\n"))
            #expect(text.contains("\r\nMessage-ID: <0f8fad5b-d9cb-469f-a165-70867728950e@example.com>\r\n"))
            #expect(text.contains("\r\n\r\nThe engine paused sender sales-1 automatically.\r\n"))
        }
    }

    @Test func returnsAFailureInsteadOfThrowing() async throws {
        let configuration = AlertMailer.Configuration(
            smtpURL: "smtp://127.0.0.1:\(try closedLoopbackPort())", from: "engine@example.com", to: ["ops@example.com"])
        let result = await (try AlertMailer(configuration: configuration)).send(Self.alert, at: Self.date)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .couldNotConnect)
        #expect(error.isTransient)
    }

    @Test(arguments: [
        AlertMailer.Configuration(smtpURL: "https://mail.example.com", from: "engine@example.com", to: ["ops@example.com"]),
        AlertMailer.Configuration(smtpURL: "smtps://mail.example.com", from: "Engine <engine@example.com>", to: ["ops@example.com"]),
        AlertMailer.Configuration(smtpURL: "smtps://mail.example.com", from: "engine@example.com", to: []),
        AlertMailer.Configuration(smtpURL: "smtps://mail.example.com", from: "engine@example.com", to: ["ops@example.com"], username: "engine"),
    ])
    func refusesAConfigurationThatCannotWork(_ configuration: AlertMailer.Configuration) {
        #expect {
            _ = try AlertMailer(configuration: configuration)
        } throws: { error in
            (error as? MailError)?.code == .invalidConfiguration
        }
    }

    @Test func masksThePasswordWhenPrinted() {
        let configuration = AlertMailer.Configuration(
            smtpURL: "smtps://smtp.example.com:465", from: "engine@example.com", to: ["ops@example.com"], username: "engine",
            password: "hunter2-secret")
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains("hunter2-secret"))
            #expect(text.contains("smtp.example.com:465"))
        }
    }
}
