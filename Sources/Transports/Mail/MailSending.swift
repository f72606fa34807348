/// Sends e-mail. ``SMTPMailer`` implements it; code that only needs "something that
/// sends a message" (``AlertMailer``, tests) takes this protocol.
public protocol MailSending: Sendable {
    /// Sends `message` to every recipient, returning once the server accepted it.
    ///
    /// - Throws: `MailError`; see its `isTransient`.
    func send(_ message: MailMessage) async throws(MailError)
}
