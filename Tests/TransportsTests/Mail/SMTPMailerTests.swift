import Foundation
import TestSupport
import Testing
import Transports

@Suite("SMTPMailer", .timeLimit(.minutes(1)))
struct SMTPMailerTests {
    // MARK: Delivery

    @Test func deliversEnvelopeHeadersAndBody() async throws {
        try await withSMTPSink { sink in
            let body = "Grüße aus Köln\n.a line that starts with a dot\n.\n..two dots\nend"
            let message = try makeMessage(to: ["ops@example.com", "oncall@example.com"], subject: "Kampagne „Frühling“ fertig", body: body)
            try await makeMailer(sink.url).send(message)

            let delivery = try #require(sink.deliveries.first)
            #expect(sink.deliveries.count == 1)
            #expect(delivery.sender == "engine@example.com")
            #expect(delivery.recipients == ["ops@example.com", "oncall@example.com"])
            #expect(delivery.message == message.rendered(), "the sink received exactly the rendered message")
            let text = String(decoding: delivery.message, as: UTF8.self)
            #expect(text.contains("\r\nSubject: =?UTF-8?B?"))
            #expect(text.hasSuffix("\r\n\r\nGrüße aus Köln\r\n.a line that starts with a dot\r\n.\r\n..two dots\r\nend\r\n"))
            let wire = String(decoding: delivery.wireMessage, as: UTF8.self)
            #expect(wire.contains("\r\n..a line that starts with a dot\r\n..\r\n...two dots\r\n"), "libcurl dot-stuffs the upload")
        }
    }

    @Test func speaksOneTransactionThenQuitsWithoutTryingUnofferedStartTLS() async throws {
        try await withSMTPSink { sink in
            try await makeMailer(sink.url).send(try makeMessage(to: ["ops@example.com", "oncall@example.com"]))
            let commands = sink.commands
            #expect(commands.first?.hasPrefix("EHLO ") == true)
            #expect(
                commands.dropFirst() == [
                    "MAIL FROM:<engine@example.com>", "RCPT TO:<ops@example.com>", "RCPT TO:<oncall@example.com>", "DATA", "QUIT",
                ])
        }
    }

    @Test func sendsMessagesOneAfterAnother() async throws {
        try await withSMTPSink { sink in
            let mailer = try makeMailer(sink.url)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask { try await mailer.send(try makeMessage(to: ["ops-\(index)@example.com"])) }
                }
                try await group.waitForAll()
            }
            #expect(Set(sink.deliveries.flatMap(\.recipients)) == Set((0..<5).map { "ops-\($0)@example.com" }))
        }
    }

    // MARK: Refusals

    @Test func aRecipientRefusedWith550IsPermanent() async throws {
        try await withSMTPSink(.init(recipientReplies: ["nobody@example.com": "550 5.1.1 <nobody@example.com>: Recipient address rejected"])) {
            sink in
            let error = try #require(await expectMailError(sending: try makeMessage(to: ["nobody@example.com"]), with: try makeMailer(sink.url)))
            #expect(error.code == .rejected)
            #expect(error.replyCode == 550)
            #expect(!error.isTransient)
            #expect(error.message.contains("127.0.0.1:\(sink.port)"))
            #expect(error.message.contains("550 5.1.1 <nobody@example.com>: Recipient address rejected"))
            #expect(sink.deliveries.isEmpty)
        }
    }

    @Test func aRecipientRefusedWith451IsTransient() async throws {
        try await withSMTPSink(.init(recipientReplies: ["ops@example.com": "451 4.7.1 Greylisted, try again later"])) { sink in
            let error = try #require(await expectMailError(sending: try makeMessage(), with: try makeMailer(sink.url)))
            #expect(error.code == .rejected)
            #expect(error.replyCode == 451)
            #expect(error.isTransient)
            #expect(error.message.contains("451 4.7.1 Greylisted"))
        }
    }

    @Test func oneRefusedRecipientStopsTheWholeMessage() async throws {
        try await withSMTPSink(.init(recipientReplies: ["nobody@example.com": "550 5.1.1 No such user"])) { sink in
            let message = try makeMessage(to: ["ops@example.com", "nobody@example.com"])
            let error = try #require(await expectMailError(sending: message, with: try makeMailer(sink.url)))
            #expect(error.replyCode == 550)
            #expect(sink.deliveries.isEmpty)
        }
    }

    // MARK: Connections

    @Test func aRefusedConnectionIsTransient() async throws {
        let url = URL(string: "smtp://127.0.0.1:\(try closedLoopbackPort())")!
        let error = try #require(await expectMailError(sending: try makeMessage(), with: try makeMailer(url)))
        #expect(error.code == .couldNotConnect)
        #expect(error.isTransient)
        #expect(error.message.contains("127.0.0.1:\(url.port!)"))
    }

    @Test func aServerThatNeverGreetsTimesOutTransiently() async throws {
        try await withSMTPSink(.init(greets: false)) { sink in
            let mailer = try makeMailer(sink.url, timeout: .milliseconds(300))
            let error = try #require(await expectMailError(sending: try makeMessage(), with: mailer))
            #expect(error.code == .timedOut)
            #expect(error.isTransient)
        }
    }

    @Test func cancellingTheTaskWakesAndAbandonsTheTransfer() async throws {
        try await withSMTPSink(.init(greets: false)) { sink in
            let mailer = try makeMailer(sink.url, timeout: .seconds(50))
            let message = try makeMessage()
            let task = Task { () -> MailError? in
                do throws(MailError) {
                    try await mailer.send(message)
                    return nil
                } catch {
                    return error
                }
            }
            await sink.connectionAccepted()  // the transfer is now polling for the greeting
            let cancelled = ContinuousClock.now
            task.cancel()
            let error = try #require(await task.value)
            #expect(error.code == .cancelled)
            #expect(ContinuousClock.now - cancelled < .seconds(10), "cancellation wakes the poll instead of waiting for the timeout")
        }
    }

    @Test func cancellingDuringTheUploadNeverEndsTheMessage() async throws {
        try await withSMTPSink(.init(holdsMessage: true)) { sink in
            let mailer = try makeMailer(sink.url, timeout: .seconds(50))
            let line = String(repeating: "x", count: 998) + "\n"
            let message = try makeMessage(body: String(repeating: line, count: 8_192))  // 8 MiB: more than the socket buffers hold
            let task = Task { () -> MailError? in
                do throws(MailError) {
                    try await mailer.send(message)
                    return nil
                } catch {
                    return error
                }
            }
            await sink.commandReceived("DATA")
            task.cancel()
            #expect(try #require(await task.value).code == .cancelled)
            sink.releaseMessage()
            await sink.connectionClosed()
            #expect(sink.deliveries.count == 0, "libcurl closed the connection without the final CRLF.CRLF")
        }
    }

    @Test func aTaskCancelledBeforeSendingSendsNothing() async throws {
        try await withSMTPSink { sink in
            let mailer = try makeMailer(sink.url)
            let message = try makeMessage()
            let task = Task { () -> MailError? in
                withUnsafeCurrentTask { $0?.cancel() }
                do throws(MailError) {
                    try await mailer.send(message)
                    return nil
                } catch {
                    return error
                }
            }
            #expect(try #require(await task.value).code == .cancelled)
            #expect(sink.deliveries.isEmpty)
        }
    }

    // MARK: Credentials and TLS

    @Test func credentialsOverPlainSMTPRequireStartTLS() async throws {
        try await withSMTPSink(.init(offersAuthentication: true)) { sink in
            let mailer = try makeMailer(sink.url, username: "engine", password: "hunter2-secret")
            let error = try #require(await expectMailError(sending: try makeMessage(), with: mailer))
            #expect(error.code == .tls)
            #expect(!error.isTransient)
            #expect(!error.message.contains("hunter2-secret"))
            #expect(!sink.commands.contains { $0.uppercased().hasPrefix("AUTH") }, "the password never crossed in clear text")
            #expect(sink.deliveries.isEmpty)
        }
    }

    @Test func sendsCredentialsWithAuthPlainWhenCleartextIsAllowed() async throws {
        try await withSMTPSink(.init(offersAuthentication: true)) { sink in
            let mailer = try makeMailer(sink.url, username: "engine", password: "hunter2-secret", startTLS: .opportunistic)
            try await mailer.send(try makeMessage())
            let plain = Data("\0engine\0hunter2-secret".utf8).base64EncodedString()
            #expect(sink.commands.contains { $0.hasSuffix(plain) })
            #expect(sink.deliveries.count == 1)
        }
    }

    @Test func aRefusedLoginIsPermanentAndNeverQuotesThePassword() async throws {
        try await withSMTPSink(.init(offersAuthentication: true, authenticationReply: "535 5.7.8 Authentication credentials invalid")) { sink in
            let mailer = try makeMailer(sink.url, username: "engine", password: "hunter2-secret", startTLS: .opportunistic)
            let error = try #require(await expectMailError(sending: try makeMessage(), with: mailer))
            #expect(error.code == .authentication)
            #expect(error.replyCode == 535)
            #expect(!error.isTransient)
            #expect(error.message.contains("127.0.0.1:\(sink.port)"))
            #expect(!error.message.contains("hunter2-secret"))
            #expect(!error.message.contains(Data("\0engine\0hunter2-secret".utf8).base64EncodedString()))
        }
    }

    // MARK: Configuration

    @Test(arguments: ["https://mail.example.com", "smtp://user:pass@mail.example.com:587", "smtp:///no-host"])
    func rejectsURLsItCannotUse(_ url: String) throws {
        let configuration = SMTPMailer.Configuration(url: try #require(URL(string: url)))
        #expect {
            _ = try SMTPMailer(configuration: configuration)
        } throws: { error in
            (error as? MailError)?.code == .invalidConfiguration && !"\(error)".contains("pass@")
        }
    }

    @Test func rejectsAUsernameWithoutAPassword() {
        #expect(throws: MailError.self) {
            _ = try SMTPMailer(configuration: .init(url: URL(string: "smtps://mail.example.com")!, username: "engine"))
        }
    }

    @Test func masksThePasswordWhenPrinted() {
        let configuration = SMTPMailer.Configuration(url: URL(string: "smtps://mail.example.com")!, username: "engine", password: "hunter2-secret")
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains("hunter2-secret"))
            #expect(text.contains("mail.example.com:465"))
        }
    }
}
