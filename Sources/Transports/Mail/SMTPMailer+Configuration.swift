import Foundation

extension SMTPMailer {
    /// When an `smtp://` connection switches to TLS with STARTTLS (RFC 3207). `smtps://`
    /// speaks TLS from the first byte and ignores this.
    public enum StartTLS: Sendable, Hashable {
        /// `required` when a username is set, otherwise `opportunistic`: a password never
        /// crosses the network in clear text because an attacker removed STARTTLS from the
        /// server's EHLO reply.
        case automatic
        /// Use STARTTLS when the server offers it and continue in clear text when it does
        /// not (libcurl's `CURLUSESSL_TRY`). Only for relays on a trusted network.
        case opportunistic
        /// Fail with a non-transient `.tls` error unless the connection becomes TLS
        /// (libcurl's `CURLUSESSL_ALL`).
        case required
    }

    /// Where and how the mailer delivers. Credentials are plain strings, already resolved
    /// from their secret references; `description` masks the password.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// `smtp://host[:port]` (default port 25; 587 for submission) or
        /// `smtps://host[:port]` (default 465). No user information: use `username`.
        public var url: URL
        /// The login for SMTP AUTH, if the server needs one.
        public var username: String?
        /// The password for SMTP AUTH; required when `username` is set.
        public var password: String?
        /// STARTTLS policy for `smtp://`.
        public var startTLS: StartTLS
        /// The whole exchange (connect, greeting, envelope, upload) must finish within this.
        public var timeout: Duration
        /// The longest wait for a connection (DNS, TCP, TLS), further capped by `timeout`.
        public var connectTimeout: Duration

        /// Creates a configuration; ``SMTPMailer/init(configuration:)`` checks it.
        public init(
            url: URL, username: String? = nil, password: String? = nil, startTLS: StartTLS = .automatic, timeout: Duration = .seconds(60),
            connectTimeout: Duration = .seconds(10)
        ) {
            self.url = url
            self.username = username
            self.password = password
            self.startTLS = startTLS
            self.timeout = timeout
            self.connectTimeout = connectTimeout
        }

        /// The server as messages name it: `host:port`, never credentials.
        public var server: String {
            let host = url.hostDescription
            return url.port == nil ? "\(host):\(isImplicitTLS ? 465 : 25)" : host
        }

        /// Whether the URL is `smtps://`, which speaks TLS from the first byte.
        var isImplicitTLS: Bool { url.scheme?.lowercased() == "smtps" }

        /// The configuration with the password masked.
        public var description: String {
            "SMTP \(url.scheme ?? "?")://\(server) username: \(username.map { String(reflecting: $0) } ?? "none"), "
                + "password: \(password == nil ? "none" : "<redacted>"), STARTTLS: \(startTLS)"
        }

        /// The same as `description`, so `debugPrint` and `String(reflecting:)` mask too.
        public var debugDescription: String { description }

        /// The fields with the password masked, so `dump` masks too.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "url": url, "username": username as Any, "password": password == nil ? "none" : "<redacted>", "startTLS": startTLS,
                    "timeout": timeout, "connectTimeout": connectTimeout,
                ], displayStyle: .struct)
        }

        /// Why the configuration cannot work, or nil.
        func problem() -> MailError? {
            func invalid(_ text: String) -> MailError { MailError(.invalidConfiguration, text, isTransient: false) }
            guard let scheme = url.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps" else {
                return invalid(
                    "The mail server URL for \(url.hostDescription) must start with smtp:// or smtps://, such as smtps://smtp.example.com:465; fix the URL."
                )
            }
            guard let host = url.host(percentEncoded: false), !host.isEmpty else {
                return invalid("The mail server URL has no host; write it like smtps://smtp.example.com:465.")
            }
            guard url.user(percentEncoded: false) == nil, url.password(percentEncoded: false) == nil else {
                return invalid(
                    "The mail server URL for \(server) contains user information; remove it and set the username and password separately, as secret references."
                )
            }
            guard (username == nil) == (password == nil) else {
                return invalid("The mail server \(server) has a username without a password or a password without a username; set both or neither.")
            }
            return nil
        }
    }
}
