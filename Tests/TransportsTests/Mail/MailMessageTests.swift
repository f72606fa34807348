import Foundation
import Testing

@testable import Transports

@Suite("MailMessage")
struct MailMessageTests {
    static let date = Date(timeIntervalSince1970: 1_778_146_200)  // Thu, 07 May 2026 09:30:00 UTC
    static let uniqueID = UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!

    static func message(subject: String = "Sender sales-1 paused", body: String = "Hello", to: [String] = ["ops@example.com"]) throws -> MailMessage {
        try MailMessage(from: "engine@example.com", to: to, subject: subject, body: body, date: date, uniqueID: uniqueID)
    }

    static func text(_ message: MailMessage) -> String {
        String(decoding: message.rendered(), as: UTF8.self)
    }

    /// The header field named `name`, unfolded lines kept apart.
    static func fieldLines(_ name: String, in message: MailMessage) -> [String] {
        let head = text(message).components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        guard let start = head.firstIndex(where: { $0.hasPrefix("\(name): ") }) else { return [] }
        return [head[start]] + head[(start + 1)...].prefix { $0.hasPrefix(" ") }
    }

    @Test func rendersTheMessageByteExactly() throws {
        let message = try Self.message(
            subject: "[engine] Sender sales-1 paused: quality rating RED", body: "First line\n.starts with a dot\r\n\nLast line",
            to: ["ops@example.com", "oncall@example.com"])
        let expected = [
            "Date: Thu, 07 May 2026 09:30:00 +0000",
            "From: engine@example.com",
            "To: ops@example.com, oncall@example.com",
            "Subject: [engine] Sender sales-1 paused: quality rating RED",
            "Message-ID: <0f8fad5b-d9cb-469f-a165-70867728950e@example.com>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
            "",
            "First line",
            ".starts with a dot",
            "",
            "Last line",
            "",
        ].joined(separator: "\r\n")
        #expect(message.rendered() == Array(expected.utf8))
    }

    @Test(arguments: [
        (1_778_146_200.0, "Thu, 07 May 2026 09:30:00 +0000"),
        (1_835_481_599.0, "Tue, 29 Feb 2028 23:59:59 +0000"),
        (946_684_799.5, "Fri, 31 Dec 1999 23:59:59 +0000"),
        (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
    ])
    func formatsTheDateInUTC(seconds: Double, expected: String) {
        #expect(MailMessage.rfc5322Date(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func encodesANonASCIISubjectAsOneEncodedWord() throws {
        #expect(Self.fieldLines("Subject", in: try Self.message(subject: "Grüße")) == ["Subject: =?UTF-8?B?R3LDvMOfZQ==?="])
    }

    @Test func splitsALongNonASCIISubjectIntoEncodedWordsThatDecodeBack() throws {
        let subject = "Kampagne „Frühlingsangebot“ abgeschlossen: 980 von 1000 zugestellt ✅ — 20 fehlgeschlagen, 日本語も"
        let lines = Self.fieldLines("Subject", in: try Self.message(subject: subject))
        #expect(lines.count > 1)
        var decoded = Data()
        for (index, line) in lines.enumerated() {
            #expect(line.utf8.count <= 76, "RFC 2047 §2: lines with encoded-words stay within 76 characters")
            let word = index == 0 ? String(line.dropFirst("Subject: ".count)) : String(line.dropFirst())
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75)
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let bytes = try #require(Data(base64Encoded: String(payload)))
            #expect(String(data: bytes, encoding: .utf8) != nil, "each word holds whole characters")
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func encodesAnASCIISubjectThatLooksLikeAnEncodedWord() throws {
        let lines = Self.fieldLines("Subject", in: try Self.message(subject: "=?UTF-8?B?QQ==?="))
        #expect(lines == ["Subject: =?UTF-8?B?PT9VVEYtOD9CP1FRPT0/PQ==?="])
    }

    @Test func foldsALongASCIISubjectBeforeSpaces() throws {
        let subject = "[engine] Campaign black-friday-2026-newsletter completed: 123456 of 123460 sent, 4 failed, 0 cancelled"
        let lines = Self.fieldLines("Subject", in: try Self.message(subject: subject))
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.joined().dropFirst("Subject: ".count) == subject, "unfolding (removing CRLF) restores the subject")
    }

    @Test func foldsManyRecipients() throws {
        let recipients = (1...8).map { "operator-\($0)@example.com" }
        let lines = Self.fieldLines("To", in: try Self.message(to: recipients))
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.joined().dropFirst("To: ".count) == recipients.joined(separator: ", "))
    }

    @Test func subjectLineBreaksCannotAddHeaderFields() throws {
        let message = try Self.message(subject: "Paused\r\nBcc: victim@example.com\nX-Injected: 1")
        #expect(Self.fieldLines("Subject", in: message) == ["Subject: Paused Bcc: victim@example.com X-Injected: 1"])
        #expect(Self.fieldLines("Bcc", in: message).isEmpty)
    }

    @Test func bodyKeepsUTF8AndEndsEveryLineWithCRLF() throws {
        let message = try Self.message(body: "Grüße aus Köln 👋\rzweite Zeile\n\n")
        let body = Self.text(message).components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body == "Grüße aus Köln 👋\r\nzweite Zeile\r\n\r\n")
    }

    @Test func breaksBodyLinesLongerThan998Octets() throws {
        let long = String(repeating: "é", count: 700)  // 1400 octets
        let message = try Self.message(body: long)
        let bodyLines = Self.text(message).components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n")
        #expect(bodyLines.map(\.utf8.count) == [998, 402, 0])
        #expect(bodyLines.joined() == long)
    }

    @Test(arguments: [
        "", "no-at-sign", "two@@example.com", "Ops <ops@example.com>", "ops@example.com\r\nRCPT TO:<x@y>", "ops @example.com",
        "opé@example.com", "ops@", "@example.com", "ops@.example.com",
    ])
    func rejectsAddressesItCannotSendSafely(_ address: String) {
        #expect(throws: MailError.self) { _ = try Self.message(to: [address]) }
        #expect(throws: MailError.self) {
            _ = try MailMessage(from: address, to: ["ops@example.com"], subject: "", body: "", date: Self.date, uniqueID: Self.uniqueID)
        }
    }

    @Test func rejectsAMessageWithoutRecipients() {
        #expect {
            _ = try Self.message(to: [])
        } throws: { error in
            (error as? MailError)?.code == .invalidMessage
        }
    }
}
