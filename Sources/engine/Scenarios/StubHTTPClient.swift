import Foundation
import Synchronization
import Transports

/// Answers HTTP nodes from a scenario's stubs, never touching the network. A call no
/// stub matches fails the call (the node takes its `error` edge) and is remembered, so
/// the scenario fails with the method and URL to stub.
final class StubHTTPClient: HTTPSending, Sendable {
    private let stubs: [HTTPStub]
    private let unmatched = Mutex<[String]>([])

    init(_ stubs: [HTTPStub]) {
        self.stubs = stubs
    }

    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let method = request.method.rawValue, url = request.url.absoluteString
        if let stub = stubs.first(where: { $0.matches(method: method, url: url) }) {
            return HTTPResponse(status: stub.status, headers: stub.headers, body: stub.body)
        }
        unmatched.withLock { $0.append("\(method) \(url)") }
        throw HTTPError(.invalidRequest, "no stub answers \(method) \(url)", isTransient: false)
    }

    /// The calls no stub answered since the last check, and forgets them.
    func takeUnmatched() -> [String] {
        unmatched.withLock { calls in
            defer { calls = [] }
            return calls
        }
    }
}
