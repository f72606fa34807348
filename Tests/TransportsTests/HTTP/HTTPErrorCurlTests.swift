import CCurl
import Foundation
import Testing

@testable import Transports

@Suite("HTTPError from CURLcode")
struct HTTPErrorCurlTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var curl: CURLcode
        var code: HTTPError.Code
        var isTransient: Bool
        var testDescription: String { "\(curl.rawValue) → \(code.rawValue)" }
    }

    static let cases: [Case] = [
        Case(curl: CURLE_URL_MALFORMAT, code: .invalidURL, isTransient: false),
        Case(curl: CURLE_UNSUPPORTED_PROTOCOL, code: .invalidURL, isTransient: false),
        Case(curl: CURLE_COULDNT_RESOLVE_HOST, code: .couldNotResolveHost, isTransient: true),
        Case(curl: CURLE_COULDNT_RESOLVE_PROXY, code: .couldNotResolveHost, isTransient: true),
        Case(curl: CURLE_COULDNT_CONNECT, code: .couldNotConnect, isTransient: true),
        Case(curl: CURLE_OPERATION_TIMEDOUT, code: .timedOut, isTransient: true),
        Case(curl: CURLE_PEER_FAILED_VERIFICATION, code: .tls, isTransient: false),
        Case(curl: CURLE_SSL_CACERT_BADFILE, code: .tls, isTransient: false),
        Case(curl: CURLE_SSL_CONNECT_ERROR, code: .tls, isTransient: true),
        Case(curl: CURLE_TOO_MANY_REDIRECTS, code: .tooManyRedirects, isTransient: false),
        Case(curl: CURLE_FILESIZE_EXCEEDED, code: .responseTooLarge, isTransient: false),
        Case(curl: CURLE_PARTIAL_FILE, code: .transfer, isTransient: true),
        Case(curl: CURLE_GOT_NOTHING, code: .transfer, isTransient: true),
        Case(curl: CURLE_SEND_ERROR, code: .transfer, isTransient: true),
        Case(curl: CURLE_RECV_ERROR, code: .transfer, isTransient: true),
        Case(curl: CURLE_HTTP2_STREAM, code: .transfer, isTransient: true),
        Case(curl: CURLE_WRITE_ERROR, code: .transfer, isTransient: false),
        Case(curl: CURLE_WEIRD_SERVER_REPLY, code: .transfer, isTransient: false),
    ]

    let request = HTTPRequest(method: .post, url: URL(string: "https://graph.example.com:8443/v21.0/123/messages?access_token=secret")!)

    @Test(arguments: cases)
    func mapsCodeAndTransience(_ testCase: Case) {
        let error = HTTPError(curlCode: testCase.curl, detail: "detail", request: request, exceededMaximumBodySize: false, maximumBodySize: 10)
        #expect(error.code == testCase.code)
        #expect(error.isTransient == testCase.isTransient)
        #expect(error.message.contains("graph.example.com:8443"))
        #expect(!error.message.contains("secret"), "never the query, which may hold a token")
    }

    @Test func aWriteErrorFromTheCapIsResponseTooLarge() {
        let error = HTTPError(curlCode: CURLE_WRITE_ERROR, detail: "", request: request, exceededMaximumBodySize: true, maximumBodySize: 10)
        #expect(error.code == .responseTooLarge)
        #expect(error.message.contains("10-byte limit"))
    }
}
