import CCurl
import Foundation

/// One message's SMTP exchange: a configured libcurl easy handle, driven by a private
/// multi handle so that cancellation can wake it, plus the upload cursor and the server's
/// replies.
///
/// Confined to the mailer's queue: created, run and freed by
/// ``send(_:configuration:cancellation:)``. libcurl calls the callbacks from inside
/// `curl_multi_perform` on that thread.
///
/// Cancellation makes the progress callback abort the transfer, which libcurl then ends
/// with `CURLE_ABORTED_BY_CALLBACK` and a closed connection. Removing the handle from the
/// multi handle mid-transfer instead would be wrong: libcurl 7.88's SMTP `done` step
/// treats that as a finished upload, sends the end-of-data marker (a truncated message
/// could be delivered) and blocks waiting for the reply.
final class SMTPTransfer {
    /// How long one `curl_multi_poll` may sleep; libcurl's own timeouts and cancellation
    /// wake it sooner, so this only bounds idling.
    private static let pollMilliseconds: Int32 = 1000

    private let handle: UnsafeMutableRawPointer
    private let multi: UnsafeMutableRawPointer
    private var isAdded = false
    private let configuration: SMTPMailer.Configuration
    private let cancellation: SMTPCancellation
    private let upload: [UInt8]
    private var uploadOffset = 0
    private var recipientList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Complete server replies in order; a multi-line reply is joined with spaces.
    private var replies: [SMTPReply] = []
    private var replyLines: [String] = []

    private init?(message: MailMessage, configuration: SMTPMailer.Configuration, cancellation: SMTPCancellation) {
        guard let handle = curl_easy_init() else { return nil }
        guard let multi = curl_multi_init() else {
            curl_easy_cleanup(handle)
            return nil
        }
        self.handle = handle
        self.multi = multi
        self.configuration = configuration
        self.cancellation = cancellation
        self.upload = message.rendered()
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        if isAdded { curl_multi_remove_handle(multi, handle) }
        curl_easy_cleanup(handle)
        curl_multi_cleanup(multi)
        curl_slist_free_all(recipientList)
        errorBuffer.deallocate()
    }

    /// Delivers `message` and blocks until the server accepted or refused it, the time
    /// limit passed, or `cancellation` fired. Call only on the mailer's queue.
    static func send(_ message: MailMessage, configuration: SMTPMailer.Configuration, cancellation: SMTPCancellation) -> Result<Void, MailError> {
        guard let transfer = SMTPTransfer(message: message, configuration: configuration, cancellation: cancellation) else {
            return .failure(
                MailError(
                    .transfer, "libcurl could not allocate a handle to mail \(configuration.server); the machine may be out of memory.",
                    isTransient: true))
        }
        return transfer.run(message)
    }

    /// Configures the handle and drives it until libcurl reports it done. `self` outlives
    /// every callback because libcurl only calls them from inside this method.
    private func run(_ message: MailMessage) -> Result<Void, MailError> {
        let server = configuration.server
        do {
            try configure(message)
        } catch {
            return .failure(error)
        }
        guard cancellation.attach(multi) else { return .failure(.cancelled(server)) }
        defer { cancellation.detach() }
        guard curl_multi_add_handle(multi, handle) == CURLM_OK else {
            return .failure(MailError(.transfer, "libcurl could not start the transfer to \(server); the e-mail can be retried.", isTransient: true))
        }
        isAdded = true
        while true {
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            if let done = curl_multi_info_read(multi, &queued), done.pointee.msg == CURLMSG_DONE {
                return result(code: done.pointee.data.result)
            }
            guard performed == CURLM_OK else {  // out of memory or a libcurl bug: the handle is unusable
                let detail = String(cString: curl_multi_strerror(performed))
                return .failure(
                    MailError(.transfer, "libcurl failed while mailing \(server) (\(detail)); the e-mail can be retried.", isTransient: true))
            }
            _ = curl_multi_poll(multi, nil, 0, Self.pollMilliseconds, nil)
        }
    }

    /// The outcome once libcurl reports the transfer done with `code`.
    private func result(code: CURLcode) -> Result<Void, MailError> {
        guard code != CURLE_OK else { return .success(()) }  // accepted, even if cancelled meanwhile
        if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled { return .failure(.cancelled(configuration.server)) }
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        return .failure(MailError(curlCode: code, detail: detail, finalReply: finalReply, configuration: configuration))
    }

    /// The reply that ended the exchange: the last one, ignoring the `221` that answers
    /// the `QUIT` libcurl may send after a refusal.
    private var finalReply: SMTPReply? {
        replies.last { $0.code != 221 }
    }

    // MARK: - Configuration

    private func configure(_ message: MailMessage) throws(MailError) {
        // Signals are not thread-safe; libcurl's threaded resolver makes them unnecessary.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_URL, configuration.url.absoluteString)
        try set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_PROXY, "")  // "" disables proxies, including those from the environment
        try set(CURLOPT_FORBID_REUSE, 1)  // QUIT and close after this message

        let timeout = Self.milliseconds(configuration.timeout)
        try set(CURLOPT_TIMEOUT_MS, timeout)
        try set(CURLOPT_CONNECTTIMEOUT_MS, min(timeout, Self.milliseconds(configuration.connectTimeout)))

        // TLS: libcurl's defaults already verify; stated so no later edit can drop them.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_USE_SSL, Int(useSSL.rawValue))

        if let username = configuration.username, let password = configuration.password {
            try set(CURLOPT_USERNAME, username)
            try set(CURLOPT_PASSWORD, password)
        }

        try set(CURLOPT_MAIL_FROM, "<\(message.from)>")
        for recipient in message.to {
            guard let appended = curl_slist_append(recipientList, "<\(recipient)>") else {
                throw MailError(.transfer, "libcurl ran out of memory listing the recipients for \(configuration.server).", isTransient: true)
            }
            recipientList = appended
        }
        try check(ccurl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipientList), CURLOPT_MAIL_RCPT)

        try set(CURLOPT_UPLOAD, 1)
        try check(ccurl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.count)), CURLOPT_INFILESIZE_LARGE)
        try configureCallbacks()
    }

    /// STARTTLS for `smtp://`; `smtps://` is TLS throughout and `ALL` merely states it.
    private var useSSL: curl_usessl {
        if configuration.isImplicitTLS { return CURLUSESSL_ALL }
        switch configuration.startTLS {
        case .automatic: return configuration.username == nil ? CURLUSESSL_TRY : CURLUSESSL_ALL
        case .opportunistic: return CURLUSESSL_TRY
        case .required: return CURLUSESSL_ALL
        }
    }

    private func configureCallbacks() throws(MailError) {
        let pointer = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_READDATA, pointer)
        try check(
            ccurl_easy_setopt_read_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, pointer in
                guard let buffer, let pointer else { return Int(CURL_READFUNC_ABORT) }
                let transfer = Unmanaged<SMTPTransfer>.fromOpaque(pointer).takeUnretainedValue()
                return transfer.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
            }, CURLOPT_READFUNCTION)
        try set(CURLOPT_HEADERDATA, pointer)
        try check(
            ccurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, pointer in
                guard let pointer else { return 0 }
                let transfer = Unmanaged<SMTPTransfer>.fromOpaque(pointer).takeUnretainedValue()
                return transfer.appendReplyLine(UnsafeRawBufferPointer(start: data, count: size * count))
            }, CURLOPT_HEADERFUNCTION)
        try set(CURLOPT_XFERINFODATA, pointer)
        try check(
            ccurl_easy_setopt_xferinfo_callback(handle, CURLOPT_XFERINFOFUNCTION) { pointer, _, _, _, _ in
                guard let pointer else { return 0 }
                return Unmanaged<SMTPTransfer>.fromOpaque(pointer).takeUnretainedValue().cancellation.isCancelled ? 1 : 0
            }, CURLOPT_XFERINFOFUNCTION)
        try set(CURLOPT_NOPROGRESS, 0)  // libcurl calls the progress callback only with this off
        // SMTP downloads nothing; without a callback libcurl would write stray bytes to stdout.
        try check(ccurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { _, size, count, _ in size * count }, CURLOPT_WRITEFUNCTION)
    }

    // MARK: - Callbacks

    /// Copies the next upload bytes into `buffer`; 0 tells libcurl the message is complete.
    private func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard !cancellation.isCancelled else { return Int(CURL_READFUNC_ABORT) }  // never end a cut message
        let count = min(buffer.count, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[uploadOffset..<(uploadOffset + count)]))
        }
        uploadOffset += count
        return count
    }

    /// Takes one server reply line (libcurl passes SMTP replies to the header callback)
    /// and records the reply once its last line (`250 ok`, not `250-…`) arrives.
    private func appendReplyLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while line.last?.isNewline == true { line.removeLast() }
        let digits = line.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }), let code = Int(line.prefix(3)) else { return bytes.count }
        let separator = line.dropFirst(3).first
        replyLines.append(String(line.dropFirst(4)))
        if separator != "-" {
            replies.append(SMTPReply(code: code, text: replyLines.joined(separator: " ")))
            replyLines = []
        }
        return bytes.count
    }

    // MARK: - Typed setters

    private func set(_ option: CURLoption, _ value: Int) throws(MailError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(MailError) {
        try check(ccurl_easy_setopt_string(handle, option, value), option)  // libcurl copies strings
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer) throws(MailError) {
        try check(ccurl_easy_setopt_pointer(handle, option, value), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(MailError) {
        guard code != CURLE_OK else { return }
        // Never quotes the value: it may be the password.
        throw MailError(
            .invalidConfiguration,
            "libcurl refused option \(option.rawValue) for \(configuration.server) (\(String(cString: curl_easy_strerror(code)))); this libcurl may lack SMTP or TLS support. Install libcurl4 with OpenSSL.",
            isTransient: false)
    }

    /// Whole milliseconds, rounded up, at least 1 (libcurl reads 0 as "no limit").
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64(Int.max / 1000 - 1) else { return Int.max }
        return Int(max(1, seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
    }
}
