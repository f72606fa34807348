import CCurl

extension MailError {
    /// Translates a failed libcurl SMTP transfer into an error a person can act on.
    ///
    /// An error reply from the server decides when it ended the exchange: 4xx is
    /// transient, 5xx is not (RFC 5321 §4.2.1). Otherwise libcurl's code decides.
    ///
    /// - Parameters:
    ///   - curlCode: what libcurl reported.
    ///   - detail: libcurl's own explanation (its error buffer), quoted in the message.
    ///   - finalReply: the server's last reply before libcurl gave up, if any.
    ///   - configuration: names the server and the time limit; its password is never used.
    init(curlCode: CURLcode, detail: String, finalReply: SMTPReply?, configuration: SMTPMailer.Configuration) {
        let server = configuration.server
        if let reply = finalReply, (400..<600).contains(reply.code), Self.replyEndedExchange(curlCode) {
            self.init(refusalBy: server, reply: reply, curlCode: curlCode, detail: detail)
            return
        }
        switch curlCode {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            self.init(
                .invalidConfiguration,
                "The mail server URL for \(server) is not a valid smtp:// or smtps:// URL (\(detail)). Fix the URL; retrying will not help.",
                isTransient: false)
        case CURLE_COULDNT_RESOLVE_HOST:
            self.init(
                .couldNotConnect,
                "Could not resolve the mail server \(server) (\(detail)). Check the host name and this machine's DNS; the e-mail can be retried.",
                isTransient: true)
        case CURLE_COULDNT_CONNECT:
            self.init(
                .couldNotConnect,
                "Could not connect to the mail server \(server) (\(detail)). Check that it is up and that this machine may reach that port (firewalls often block 25); the e-mail can be retried.",
                isTransient: true)
        case CURLE_OPERATION_TIMEDOUT:
            self.init(
                .timedOut,
                "Mailing through \(server) timed out (\(detail)); the limit was \(configuration.timeout). The server or network is slow: the e-mail can be retried.",
                isTransient: true)
        case CURLE_USE_SSL_FAILED:
            self.init(
                .tls,
                "The mail server \(server) does not offer STARTTLS, which the mailer requires when a username is set or STARTTLS is configured as required (\(detail)). Use smtps:// (usually port 465) or a port that offers STARTTLS (usually 587); retrying will not help.",
                isTransient: false)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE:
            self.init(
                .tls,
                "TLS verification with the mail server \(server) failed (\(detail)). Check its certificate and this machine's CA store (the ca-certificates package); retrying will not help.",
                isTransient: false)
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_SHUTDOWN_FAILED:
            self.init(
                .tls,
                "The TLS handshake with the mail server \(server) failed (\(detail)). Check that smtps:// points at a port that speaks TLS from the start (usually 465) and smtp:// at one that does not (25 or 587); the e-mail can be retried.",
                isTransient: true)
        case CURLE_LOGIN_DENIED:
            self.init(
                .authentication,
                "The mail server \(server) did not accept the login (\(detail)). Check the SMTP username and password and that the server offers PLAIN or LOGIN authentication; retrying will not help.",
                isTransient: false)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY, CURLE_AGAIN,
            CURLE_SEND_FAIL_REWIND:
            self.init(
                .transfer,
                "The connection to the mail server \(server) failed mid-exchange (\(detail)). It was reset, closed early or answered out of protocol; the e-mail can be retried.",
                isTransient: true)
        case CURLE_OUT_OF_MEMORY:
            self.init(
                .transfer, "libcurl ran out of memory mailing through \(server) (\(detail)). Free memory on this machine; the e-mail can be retried.",
                isTransient: true)
        default:
            self.init(
                .transfer,
                "Mailing through \(server) failed: \(detail) (libcurl error \(curlCode.rawValue)). This is unexpected: check the URL and the server; retrying is unlikely to help.",
                isTransient: false)
        }
    }

    /// The error for a send abandoned because its task was cancelled.
    static func cancelled(_ server: String) -> MailError {
        MailError(
            .cancelled, "Mailing through \(server) was cancelled before the server accepted the message; it may or may not have been delivered.",
            isTransient: false)
    }

    /// The codes libcurl reports when a server reply, rather than the network, ended the
    /// exchange: a refused MAIL, RCPT or DATA (`SEND_ERROR`), a refused greeting or end of
    /// data (`WEIRD_SERVER_REPLY`), a refused login or STARTTLS.
    private static func replyEndedExchange(_ code: CURLcode) -> Bool {
        [CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY, CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_REMOTE_ACCESS_DENIED, CURLE_UPLOAD_FAILED]
            .contains(code)
    }

    private init(refusalBy server: String, reply: SMTPReply, curlCode: CURLcode, detail: String) {
        let quoted = reply.text.isEmpty ? "\(reply.code)" : "\(reply.code) \(reply.text)"
        let isTransient = reply.code < 500
        let retry = isTransient ? "The server asked to try again later; the e-mail can be retried." : "Retrying will not help."
        switch curlCode {
        case CURLE_LOGIN_DENIED:
            self.init(
                .authentication,
                "The mail server \(server) did not accept the login: \(quoted) (\(detail)). Check the SMTP username and password. \(retry)",
                isTransient: isTransient, replyCode: reply.code)
        case CURLE_USE_SSL_FAILED:
            self.init(
                .tls, "The mail server \(server) refused STARTTLS: \(quoted) (\(detail)). \(retry)", isTransient: isTransient,
                replyCode: reply.code)
        default:
            let action = isTransient ? "" : " Check the sender and recipient addresses and the account's right to send as the sender."
            self.init(
                .rejected, "The mail server \(server) refused the e-mail: \(quoted) (\(detail)).\(action) \(retry)", isTransient: isTransient,
                replyCode: reply.code)
        }
    }
}
