import Foundation

/// Mails ``Alert``s to the operators: builds the message and sends it, returning any
/// failure instead of throwing, so raising an alert can never stop the engine.
///
/// It does not retry: the caller decides, with `MailError.isTransient`, whether to try
/// again later or record that the alert was lost.
public struct AlertMailer: Sendable {
    private let mailer: any MailSending
    private let from: String
    private let to: [String]
    private let makeUniqueID: @Sendable () -> UUID

    /// Creates a mailer that sends through the SMTP server `configuration` names.
    ///
    /// - Parameter makeUniqueID: the unique part of each Message-ID; tests pass a fixed one.
    /// - Throws: `MailError` `.invalidConfiguration` when the URL, the credentials or an
    ///   address cannot work; checked here so a bad configuration shows at start-up.
    public init(configuration: Configuration, makeUniqueID: @escaping @Sendable () -> UUID = { UUID() }) throws(MailError) {
        guard let url = URL(string: configuration.smtpURL) else {
            throw MailError(
                .invalidConfiguration, "The mail server URL is not a URL; write it like smtps://smtp.example.com:465.", isTransient: false)
        }
        let smtp = SMTPMailer.Configuration(
            url: url, username: configuration.username, password: configuration.password, timeout: configuration.timeout)
        try self.init(mailer: try SMTPMailer(configuration: smtp), from: configuration.from, to: configuration.to, makeUniqueID: makeUniqueID)
    }

    /// Creates a mailer that sends through `mailer`.
    ///
    /// - Throws: `MailError` `.invalidConfiguration` when `to` is empty or an address is
    ///   not a bare ASCII address.
    public init(mailer: any MailSending, from: String, to: [String], makeUniqueID: @escaping @Sendable () -> UUID = { UUID() }) throws(MailError) {
        for address in [from] + to where !MailMessage.isSendableAddress(address) {
            throw MailError(
                .invalidConfiguration,
                "The alert address \(String(reflecting: address)) is not one the mailer can use: write a bare address such as ops@example.com.",
                isTransient: false)
        }
        guard !to.isEmpty else {
            throw MailError(.invalidConfiguration, "Alerts have no recipients: set notifications.email.", isTransient: false)
        }
        self.mailer = mailer
        self.from = from
        self.to = to
        self.makeUniqueID = makeUniqueID
    }

    /// The message that mails `alert`, dated `date`.
    public func message(for alert: Alert, at date: Date) -> Result<MailMessage, MailError> {
        Result { () throws(MailError) in
            try MailMessage(from: from, to: to, subject: alert.subject, body: alert.body, date: date, uniqueID: makeUniqueID())
        }
    }

    /// Mails `alert`, dated `date` (the engine's wall clock), and reports the outcome.
    public func send(_ alert: Alert, at date: Date) async -> Result<Void, MailError> {
        let message: MailMessage
        switch self.message(for: alert, at: date) {
        case .success(let built): message = built
        case .failure(let error): return .failure(error)
        }
        do {
            try await mailer.send(message)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}
