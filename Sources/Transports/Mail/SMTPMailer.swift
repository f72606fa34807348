import CCurl
import Foundation

/// Sends short plain-text e-mail through an SMTP server with libcurl: `smtp://` (with
/// STARTTLS per ``StartTLS``) or `smtps://` (TLS from the start), SMTP AUTH when
/// credentials are configured.
///
/// - Threading: each send runs its libcurl transfer on the mailer's own serial
///   `DispatchQueue`, whose blocks run on a Dispatch worker thread, never on Swift's
///   cooperative pool. `send(_:)` suspends until the server accepted or refused the
///   message. Sends are delivered one at a time, in order; a slow server delays the next
///   send by at most ``Configuration/timeout``.
/// - Connections: one connection per message, closed with `QUIT` afterwards; alerts are
///   rare and an idle SMTP connection would only be dropped by the server.
/// - Envelope: `MAIL FROM` is the message's `from`, one `RCPT TO` per recipient. If any
///   recipient is refused, nothing is sent (libcurl's default).
/// - Dot-stuffing: libcurl doubles a "." that starts a line of the upload and sends the
///   final `CRLF.CRLF`; ``MailMessage/rendered()`` leaves both to it.
/// - TLS: peer and host verification are on, against the system CA store.
/// - Proxies: none, even when `all_proxy` is set: HTTP proxies rarely tunnel to mail ports.
public final class SMTPMailer: MailSending {
    /// Where and how messages are delivered.
    public let configuration: Configuration
    private let queue: DispatchQueue

    /// Creates a mailer. Nothing connects until the first send.
    ///
    /// - Throws: `MailError` `.invalidConfiguration` when the URL is not `smtp://` or
    ///   `smtps://` with a host and no user information, or only one of username and
    ///   password is set; `.transfer` when libcurl cannot initialise.
    public init(configuration: Configuration) throws(MailError) {
        if let problem = configuration.problem() { throw problem }
        let global = CurlGlobal.initialization
        guard global == CURLE_OK else {
            throw MailError(
                .transfer,
                "libcurl failed to initialise (\(String(cString: curl_easy_strerror(global)))). Check the libcurl4 installation and free memory; no e-mail can be sent.",
                isTransient: false)
        }
        self.configuration = configuration
        self.queue = DispatchQueue(label: "smtp-mailer")
    }

    /// Sends `message` and returns once the server accepted it for every recipient.
    ///
    /// - Throws: `MailError`: `.rejected` with the SMTP reply code when the server refused
    ///   (transient for 4xx, not for 5xx), `.couldNotConnect` and `.timedOut` (transient),
    ///   `.authentication`, `.tls`, `.transfer`. Cancelling the calling task abandons the
    ///   transfer and throws `.cancelled`; the server may or may not have the message then.
    public func send(_ message: MailMessage) async throws(MailError) {
        let cancellation = SMTPCancellation()
        let configuration = self.configuration
        let queue = self.queue
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, MailError>, Never>) in
                queue.async {
                    continuation.resume(returning: SMTPTransfer.send(message, configuration: configuration, cancellation: cancellation))
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        try result.get()
    }
}
