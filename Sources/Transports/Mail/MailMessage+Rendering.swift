import Foundation

extension MailMessage {
    /// The longest line RFC 5322 §2.1.1 allows, in octets, without its CRLF.
    static let maximumLineLength = 998
    /// The line length RFC 5322 recommends for header fields, which folding aims for.
    static let preferredLineLength = 78
    /// UTF-8 bytes per encoded-word: 39 bytes become 52 base64 characters, so
    /// `Subject: =?UTF-8?B?…?=` stays within RFC 2047's 76-character line.
    static let encodedWordBytes = 39

    /// The message as sent after SMTP `DATA`: header fields, a blank line and the body,
    /// every line ending in CRLF and at most 998 octets long.
    ///
    /// Fields: Date (RFC 5322, UTC), From, To, Subject (RFC 2047 `B` encoded-words when it
    /// is not plain ASCII), Message-ID, MIME-Version, Content-Type (`text/plain;
    /// charset=utf-8`), Content-Transfer-Encoding (`8bit`) and `Auto-Submitted:
    /// auto-generated` (RFC 3834), which keeps vacation responders from answering.
    ///
    /// Lines starting with "." are not doubled here: libcurl dot-stuffs the upload itself
    /// and appends the final `CRLF.CRLF`.
    public func rendered() -> [UInt8] {
        var text = "Date: \(Self.rfc5322Date(date))\r\n"
        text += "From: \(from)\r\n"
        text += Self.foldedField("To", to.joined(separator: ", "))
        text += Self.subjectField(subject)
        text += "Message-ID: \(messageID)\r\n"
        text += "MIME-Version: 1.0\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\n"
        text += "Content-Transfer-Encoding: 8bit\r\n"
        text += "Auto-Submitted: auto-generated\r\n"
        text += "\r\n"
        return Array(text.utf8) + Self.bodyLines(body)
    }

    // MARK: - Header fields

    /// `Thu, 07 May 2026 09:30:00 +0000`, always in UTC, independent of the locale.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return "\(weekday), \(twoDigits(parts.day)) \(month) \(parts.year ?? 1970) "
            + "\(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second)) +0000"
    }

    /// The Subject field: plain when it is printable ASCII that cannot be mistaken for an
    /// encoded-word, otherwise RFC 2047 encoded-words, one per folded line.
    static func subjectField(_ subject: String) -> String {
        let flattened = singleLine(subject)
        let longestWord = flattened.split(separator: " ").map(\.utf8.count).max() ?? 0
        let isPlain =
            flattened.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !flattened.contains("=?")
            && longestWord <= maximumLineLength - "Subject: ".utf8.count
        guard !isPlain else { return foldedField("Subject", flattened) }
        let words = utf8Chunks(of: flattened, maximumBytes: encodedWordBytes).map { chunk in
            "=?UTF-8?B?\(Data(chunk).base64EncodedString())?="
        }
        return "Subject: " + words.joined(separator: "\r\n ") + "\r\n"
    }

    /// `name: value` folded (RFC 5322 §2.2.3) by breaking before spaces, so that lines
    /// stay within 78 characters where the words allow; unfolding restores `value`.
    static func foldedField(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = "\(name):"
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0, line.utf8.count + 1 + word.utf8.count > preferredLineLength, !line.allSatisfy({ $0 == " " }) {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `text` on one line: each line break or other control character becomes a space,
    /// so no value can start a header field of its own; ends are trimmed.
    static func singleLine(_ text: String) -> String {
        let scalars = text.replacingOccurrences(of: "\r\n", with: " ").unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result).trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Body

    /// The body's bytes: every line ending CRLF, NUL removed, lines longer than 998
    /// octets broken (between scalars) into several.
    static func bodyLines(_ body: String) -> [UInt8] {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // a final line break ends the last line
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.utf8.count + lines.count * 2)
        for line in lines {
            let cleaned = String(line.unicodeScalars.filter { $0 != "\u{0}" })
            let pieces = cleaned.utf8.count <= maximumLineLength ? [Array(cleaned.utf8)] : utf8Chunks(of: cleaned, maximumBytes: maximumLineLength)
            for piece in pieces { bytes += piece + [0x0D, 0x0A] }
        }
        return bytes
    }

    /// `text`'s UTF-8 in pieces of at most `maximumBytes`, never splitting a scalar.
    static func utf8Chunks(of text: String, maximumBytes: Int) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if chunk.count + encoded.count > maximumBytes {
                chunks.append(chunk)
                chunk = []
            }
            chunk += encoded
        }
        if !chunk.isEmpty || chunks.isEmpty { chunks.append(chunk) }
        return chunks
    }
}
