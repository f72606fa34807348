import Foundation

@testable import Transports

/// An `HTTPSending` that records every request and answers from a script, in order.
actor CloudAPIRecordingClient: HTTPSending {
    private var script: [Result<HTTPResponse, HTTPError>]
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Result<HTTPResponse, HTTPError>] = []) {
        self.script = script
    }

    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        requests.append(request)
        guard !script.isEmpty else {
            throw HTTPError(.transfer, "the test scripted no answer for request \(requests.count)", isTransient: false)
        }
        return try script.removeFirst().get()
    }
}
