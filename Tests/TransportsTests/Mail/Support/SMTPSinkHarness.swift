import Foundation
import TestSupport
import Testing
import Transports

/// Runs `body` with a fresh sink, stopping it afterwards.
func withSMTPSink(_ behaviour: SMTPSink.Behaviour = SMTPSink.Behaviour(), _ body: (SMTPSink) async throws -> Void) async throws {
    let sink = try SMTPSink(behaviour)
    defer { sink.stop() }
    try await body(sink)
}

/// A mailer for `url` with short limits, so failing tests end quickly.
func makeMailer(
    _ url: URL, username: String? = nil, password: String? = nil, startTLS: SMTPMailer.StartTLS = .automatic, timeout: Duration = .seconds(10)
) throws -> SMTPMailer {
    try SMTPMailer(
        configuration: SMTPMailer.Configuration(url: url, username: username, password: password, startTLS: startTLS, timeout: timeout))
}

/// A message from engine@example.com to `recipients`.
func makeMessage(to recipients: [String] = ["ops@example.com"], subject: String = "Test", body: String = "Hello") throws -> MailMessage {
    try MailMessage(
        from: "engine@example.com", to: recipients, subject: subject, body: body, date: Date(timeIntervalSince1970: 1_778_146_200),
        uniqueID: UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!)
}

/// Sends `message` expecting a `MailError`; records an issue and returns nil when it was sent.
func expectMailError(
    sending message: MailMessage, with mailer: SMTPMailer, sourceLocation: SourceLocation = #_sourceLocation
) async -> MailError? {
    do {
        try await mailer.send(message)
        Issue.record("expected a MailError, but the message was sent", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
