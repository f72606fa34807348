import Foundation

/// One short plain-text e-mail: the envelope (sender and recipients) and the content,
/// rendered as an RFC 5322 message by ``rendered()``.
///
/// Pure: the date and the unique part of the Message-ID are inputs, so the same values
/// always render the same bytes. Addresses are bare ASCII addresses (`ops@example.com`):
/// no display names, comments or quoted local parts, which keeps them safe to place in
/// both the SMTP envelope and the header fields.
public struct MailMessage: Sendable, Hashable {
    /// The sender's address: the envelope's `MAIL FROM` and the `From` field.
    public let from: String
    /// The recipients' addresses, in order: one `RCPT TO` each and the `To` field.
    public let to: [String]
    /// The subject as written; line breaks and control characters render as spaces.
    public let subject: String
    /// The text; any line ending (LF, CR or CRLF) renders as CRLF.
    public let body: String
    /// When the message was written, for the `Date` field (rendered in UTC).
    public let date: Date
    /// The unique part of the Message-ID.
    public let uniqueID: UUID

    /// Creates a message after checking its addresses.
    ///
    /// - Throws: `MailError` `.invalidMessage` when `to` is empty or an address is not a
    ///   bare ASCII address; the message says which one.
    public init(from: String, to: [String], subject: String, body: String, date: Date, uniqueID: UUID) throws(MailError) {
        for (role, address) in [("sender", from)] + to.map({ ("recipient", $0) }) {
            guard Self.isSendableAddress(address) else {
                throw MailError(
                    .invalidMessage,
                    "The \(role) \(String(reflecting: address)) is not an address the mailer can use: write a bare ASCII address such as ops@example.com, without a display name or spaces.",
                    isTransient: false)
            }
        }
        guard !to.isEmpty else {
            throw MailError(.invalidMessage, "The e-mail has no recipients: give at least one address to send it to.", isTransient: false)
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.uniqueID = uniqueID
    }

    /// `<uuid@sender-domain>`: globally unique as long as `uniqueID` is.
    public var messageID: String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        return "<\(uniqueID.uuidString.lowercased())@\(domain)>"
    }

    /// Whether `address` is `local@domain` in printable ASCII without the characters that
    /// would need quoting or could end a header field or SMTP command (RFC 5321 §4.1.2).
    static func isSendableAddress(_ address: String) -> Bool {
        let parts = address.utf8.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty,
            address.utf8.count <= 254, domain.first != UInt8(ascii: "."), domain.last != UInt8(ascii: ".")
        else { return false }
        let forbidden = Set(#"<>()[]\,;:" "#.utf8)
        return address.utf8.allSatisfy { (0x21...0x7E).contains($0) && !forbidden.contains($0) }
    }
}
