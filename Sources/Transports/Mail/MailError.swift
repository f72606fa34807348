/// Why an e-mail was not sent: a bad configuration or message, an unreachable server, or
/// a server that refused it.
///
/// The message names the SMTP server ("host:port") and never the password or the URL's
/// user information. `isTransient` is true for failures that may clear by themselves
/// (connection refused, timeouts, dropped connections, 4xx SMTP replies); retry those
/// with backoff. Everything else (5xx replies, TLS verification, invalid input) needs a
/// person to change something first.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, dotted code. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's text.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The mailer's configuration cannot work (not an smtp:// or smtps:// URL, a
        /// username without a password).
        public static let invalidConfiguration = Code(rawValue: "mail.invalid-configuration")
        /// The message cannot be sent as built (a malformed address, no recipients).
        public static let invalidMessage = Code(rawValue: "mail.invalid-message")
        /// The server's name did not resolve or nothing accepted the connection.
        public static let couldNotConnect = Code(rawValue: "mail.could-not-connect")
        /// The exchange did not finish within the configured timeout.
        public static let timedOut = Code(rawValue: "mail.timed-out")
        /// TLS failed: verification, a failed handshake, or STARTTLS not offered when required.
        public static let tls = Code(rawValue: "mail.tls")
        /// The server refused the username and password.
        public static let authentication = Code(rawValue: "mail.authentication")
        /// The server answered a command with an error reply; see ``MailError/replyCode``.
        public static let rejected = Code(rawValue: "mail.rejected")
        /// The connection failed mid-exchange or the server answered nonsense.
        public static let transfer = Code(rawValue: "mail.transfer")
        /// The sending task was cancelled before the server accepted the message.
        public static let cancelled = Code(rawValue: "mail.cancelled")
    }

    /// What kind of failure.
    public var code: Code
    /// What happened and what to do, naming the server.
    public var message: String
    /// Whether sending again later may succeed.
    public var isTransient: Bool
    /// The SMTP reply code of the refusal (`550`, `451`), when the server sent one.
    public var replyCode: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, isTransient: Bool, replyCode: Int? = nil) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
        self.replyCode = replyCode
    }

    /// The message.
    public var description: String { message }
}
