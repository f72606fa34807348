import Foundation
import Logging
import Manifest
import Reconcile
import Transports

/// Mails alerts to `Settings.notifications.email` through `notifications.smtp`, when both
/// are configured; otherwise alerts are only logged. Sending never blocks the daemon: each
/// alert goes out on a task of its own, and a failure is logged, not retried.
struct DaemonAlerts: Sendable {
    let logger: Logger

    /// Sends `alert` with the mail settings of `configuration`.
    func raise(_ alert: Alert, configuration: Configuration) {
        guard let mailer = mailer(for: configuration) else { return }
        let logger = logger
        Task {
            switch await mailer.send(alert, at: Date()) {
            case .success: logger.info("alert mailed: \(alert.subject)")
            case .failure(let error): logger.error("the alert '\(alert.subject)' could not be mailed: \(error.message)")
            }
        }
    }

    private func mailer(for configuration: Configuration) -> AlertMailer? {
        let settings = configuration.settings
        guard let smtp = settings.smtp, let email = settings.notificationEmail else { return nil }
        let resolver = SecretResolver(directory: configuration.directory)
        func resolve(_ reference: SecretReference?) -> String? {
            guard let reference else { return nil }
            switch resolver.resolve(reference) {
            case .success(let value): return value
            case .failure(let problem):
                logger.error("alerts: cannot resolve the SMTP credentials: \(problem.message)")
                return nil
            }
        }
        do {
            return try AlertMailer(
                configuration: AlertMailer.Configuration(
                    smtpURL: smtp.url, from: smtp.from, to: [email], username: resolve(smtp.username), password: resolve(smtp.password),
                    timeout: .seconds(30)))
        } catch {
            logger.error("alerts: \(error.message)")
            return nil
        }
    }
}
