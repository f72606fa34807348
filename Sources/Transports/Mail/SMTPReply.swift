/// One reply from an SMTP server: the three-digit code and the text after it.
struct SMTPReply: Sendable, Hashable {
    /// `250`, `354`, `451`, `550`…
    var code: Int
    /// The text after the code; the lines of a multi-line reply joined with spaces.
    var text: String
}
