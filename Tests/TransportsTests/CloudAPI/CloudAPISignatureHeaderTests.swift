import Foundation
import Testing

@testable import Transports

/// How the `X-Hub-Signature-256` header is read: byte by byte, so every webhook pays little.
@Suite("Cloud API signature header")
struct CloudAPISignatureHeaderTests {
    let checker = CloudAPIWebhookSignature(appSecret: "app-secret")
    let body = Data(#"{"object":"whatsapp_business_account"}"#.utf8)

    @Test("the header verifies with surrounding blanks, an upper-case prefix and upper-case hex")
    func lenientSpelling() {
        let header = checker.header(for: body)
        #expect(checker.verify(header: header, body: body) == .valid)
        let shouted = "SHA256=" + header.dropFirst("sha256=".count).uppercased()
        #expect(checker.verify(header: " \t\(shouted) ", body: body) == .valid)
    }

    @Test("missing, blank, malformed and wrong signatures are told apart")
    func malformed() {
        let header = checker.header(for: body)
        #expect(checker.verify(header: nil, body: body) == .missing)
        #expect(checker.verify(header: "  ", body: body) == .missing)
        #expect(checker.verify(header: "sha256=", body: body) == .invalid)
        #expect(checker.verify(header: String(header.dropLast()), body: body) == .invalid, "odd number of hex digits")
        #expect(checker.verify(header: String(header.dropLast(2)) + "zz", body: body) == .invalid, "not hex")
        #expect(checker.verify(header: "sha1=" + header.dropFirst("sha256=".count), body: body) == .invalid)
        #expect(checker.verify(header: header, body: body + Data("x".utf8)) == .invalid)
    }

    @Test("hex decoding takes ASCII hex pairs only")
    func hexDecoding() {
        #expect(Data(hexadecimal: "00ff10Ab") == Data([0x00, 0xFF, 0x10, 0xAB]))
        #expect(Data(hexadecimal: "") == Data())
        #expect(Data(hexadecimal: "abc") == nil)
        #expect(Data(hexadecimal: "g0") == nil)
        #expect(Data(hexadecimal: "１２") == nil, "full-width digits are not hex")
    }
}
