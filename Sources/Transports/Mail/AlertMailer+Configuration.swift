import Foundation

extension AlertMailer {
    /// Settings' `notifications` with the secrets already resolved. `description` masks
    /// the password.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// `smtp://host[:port]` or `smtps://host[:port]`.
        public var smtpURL: String
        /// The sender address.
        public var from: String
        /// The recipient addresses.
        public var to: [String]
        /// The SMTP login, if the server needs one.
        public var username: String?
        /// The SMTP password; required when `username` is set.
        public var password: String?
        /// The whole exchange with the server must finish within this.
        public var timeout: Duration

        /// Creates a configuration; ``AlertMailer/init(configuration:makeUniqueID:)`` checks it.
        public init(smtpURL: String, from: String, to: [String], username: String? = nil, password: String? = nil, timeout: Duration = .seconds(60)) {
            self.smtpURL = smtpURL
            self.from = from
            self.to = to
            self.username = username
            self.password = password
            self.timeout = timeout
        }

        /// The configuration with the password masked.
        public var description: String {
            "alerts from \(from) to \(to.joined(separator: ", ")) via \(server), username: \(username.map { String(reflecting: $0) } ?? "none"), "
                + "password: \(password == nil ? "none" : "<redacted>")"
        }

        /// The server without user information or path: `smtps://host:port`.
        var server: String {
            guard let url = URL(string: smtpURL) else { return "an unparseable URL" }
            return "\(url.scheme ?? "?")://\(url.hostDescription)"
        }

        /// The same as `description`, so `debugPrint` and `String(reflecting:)` mask too.
        public var debugDescription: String { description }

        /// The fields with the password masked, so `dump` masks too.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "smtpURL": server, "from": from, "to": to, "username": username as Any,
                    "password": password == nil ? "none" : "<redacted>", "timeout": timeout,
                ], displayStyle: .struct)
        }
    }
}
