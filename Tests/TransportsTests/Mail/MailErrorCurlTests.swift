import CCurl
import Foundation
import Testing

@testable import Transports

@Suite("MailError from CURLcode and SMTP replies")
struct MailErrorCurlTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var curl: CURLcode
        var reply: Int?
        var code: MailError.Code
        var isTransient: Bool
        var testDescription: String { "\(curl.rawValue)/\(reply.map(String.init) ?? "-") → \(code.rawValue)" }
    }

    static let cases: [Case] = [
        Case(curl: CURLE_SEND_ERROR, reply: 550, code: .rejected, isTransient: false),
        Case(curl: CURLE_SEND_ERROR, reply: 452, code: .rejected, isTransient: true),
        Case(curl: CURLE_SEND_ERROR, reply: 250, code: .transfer, isTransient: true),
        Case(curl: CURLE_SEND_ERROR, reply: nil, code: .transfer, isTransient: true),
        Case(curl: CURLE_WEIRD_SERVER_REPLY, reply: 554, code: .rejected, isTransient: false),
        Case(curl: CURLE_WEIRD_SERVER_REPLY, reply: 421, code: .rejected, isTransient: true),
        Case(curl: CURLE_LOGIN_DENIED, reply: 535, code: .authentication, isTransient: false),
        Case(curl: CURLE_LOGIN_DENIED, reply: 454, code: .authentication, isTransient: true),
        Case(curl: CURLE_LOGIN_DENIED, reply: nil, code: .authentication, isTransient: false),
        Case(curl: CURLE_USE_SSL_FAILED, reply: 250, code: .tls, isTransient: false),
        Case(curl: CURLE_USE_SSL_FAILED, reply: 454, code: .tls, isTransient: true),
        Case(curl: CURLE_OPERATION_TIMEDOUT, reply: 502, code: .timedOut, isTransient: true),
        Case(curl: CURLE_RECV_ERROR, reply: 502, code: .transfer, isTransient: true),
        Case(curl: CURLE_COULDNT_RESOLVE_HOST, reply: nil, code: .couldNotConnect, isTransient: true),
        Case(curl: CURLE_COULDNT_CONNECT, reply: nil, code: .couldNotConnect, isTransient: true),
        Case(curl: CURLE_PEER_FAILED_VERIFICATION, reply: nil, code: .tls, isTransient: false),
        Case(curl: CURLE_SSL_CONNECT_ERROR, reply: nil, code: .tls, isTransient: true),
        Case(curl: CURLE_UNSUPPORTED_PROTOCOL, reply: nil, code: .invalidConfiguration, isTransient: false),
        Case(curl: CURLE_GOT_NOTHING, reply: nil, code: .transfer, isTransient: true),
        Case(curl: CURLE_BAD_FUNCTION_ARGUMENT, reply: nil, code: .transfer, isTransient: false),
    ]

    @Test(arguments: cases)
    func classifies(_ testCase: Case) {
        let configuration = SMTPMailer.Configuration(
            url: URL(string: "smtps://smtp.example.com")!, username: "engine", password: "hunter2-secret")
        let error = MailError(
            curlCode: testCase.curl, detail: "libcurl detail", finalReply: testCase.reply.map { SMTPReply(code: $0, text: "server text") },
            configuration: configuration)
        #expect(error.code == testCase.code)
        #expect(error.isTransient == testCase.isTransient)
        #expect(error.message.contains("smtp.example.com:465"))
        #expect(!error.message.contains("hunter2-secret"))
        if let reply = testCase.reply, reply >= 400, error.code == .rejected || error.code == .authentication {
            #expect(error.replyCode == reply)
            #expect(error.message.contains("\(reply) server text"))
        }
    }
}
