import Flows
import Foundation
import Transports

/// Makes one `http` node's call: checks it against the settings, sends it with retries
/// and backoff, and turns whatever happens into the ``HTTPResult`` the node gets.
///
/// Anything that yields no usable response — a refused host, an invalid URL, a missing
/// secret, a body over the cap, a network failure after the last retry — becomes status
/// 0 with a JSON body `{"error": "…"}`, which the flow reads as `http.body.error`.
/// Waits between attempts go through `sleep`, the runner's injected clock.
struct HTTPNodeCaller: Sendable {
    /// What became of a call.
    enum Outcome: Sendable {
        /// The node's result, with a note when the call failed or was refused.
        case completed(HTTPResult, note: String?, attempts: Int)
        /// The task was cancelled (the runner is shutting down): nothing is fed back, the
        /// execution keeps waiting and the call is made again after a restart.
        case abandoned
    }

    let client: any HTTPSending
    let settings: HTTPNodeSettings
    let sleep: @Sendable (Duration) async throws -> Void
    let now: @Sendable () -> Date

    func perform(_ call: FlowHTTPRequest) async -> Outcome {
        let request: Transports.HTTPRequest
        switch prepare(call) {
        case .success(let prepared): request = prepared
        case .failure(let refusal): return .completed(Self.failure(call, refusal.note), note: refusal.note, attempts: 0)
        }
        var attempt = 0
        while true {
            attempt += 1
            let retryAfter: Duration?
            do {
                let response = try await client.send(request)
                guard response.body.count <= settings.maximumResponseBodySize else {
                    let note =
                        "the response of \(call.method) \(request.url.host ?? call.url) was larger than \(settings.maximumResponseBodySize) bytes"
                    return .completed(Self.failure(call, note), note: note, attempts: attempt)
                }
                guard settings.retryPolicy.isRetryable(status: response.status), attempt <= call.retries else {
                    return .completed(Self.result(call, response), note: nil, attempts: attempt)
                }
                retryAfter = response.retryAfter(now: now())
            } catch {
                if error.code == .cancelled || Task.isCancelled { return .abandoned }
                guard error.isTransient, attempt <= call.retries else {
                    return .completed(Self.failure(call, error.message), note: error.message, attempts: attempt)
                }
                retryAfter = error.retryAfter
            }
            do {
                try await sleep(settings.retryPolicy.delay(beforeRetry: attempt, retryAfter: retryAfter))
            } catch {
                return .abandoned
            }
        }
    }

    /// Why a call was not made.
    private struct Refusal: Error {
        var note: String
    }

    private func prepare(_ call: FlowHTTPRequest) -> Result<Transports.HTTPRequest, Refusal> {
        guard let url = URL(string: call.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            return .failure(Refusal(note: "'\(call.url)' is not an http or https URL"))
        }
        guard settings.allows(host: host) else {
            return .failure(Refusal(note: "host \(host) is not on the allow-list of http nodes"))
        }
        guard let method = Transports.HTTPRequest.Method(rawValue: call.method.uppercased()) else {
            return .failure(Refusal(note: "\(call.method) is not a supported HTTP method"))
        }
        var headers: [(name: String, value: String)] = []
        for header in call.headers {
            var value = ""
            for part in header.parts {
                switch part {
                case .text(let text):
                    value += text
                case .secret(let reference):
                    guard let secret = settings.resolveSecret(reference) else {
                        return .failure(Refusal(note: "the secret \(reference) of header \(header.name) is not available"))
                    }
                    value += secret
                }
            }
            headers.append((header.name, value))
        }
        return .success(
            Transports.HTTPRequest(method: method, url: url, headers: headers, body: call.body.map { Data($0.utf8) }, timeout: call.timeout))
    }

    private static func result(_ call: FlowHTTPRequest, _ response: HTTPResponse) -> HTTPResult {
        var headers: [String: String] = [:]
        for (name, value) in response.headers where headers[name.lowercased()] == nil { headers[name.lowercased()] = value }
        return HTTPResult(callID: call.callID, status: response.status, headers: headers, body: response.body)
    }

    /// Status 0 with the note as `{"error": "…"}`.
    static func failure(_ call: FlowHTTPRequest, _ note: String) -> HTTPResult {
        let body = (try? JSONEncoder().encode(["error": note])) ?? Data()
        return HTTPResult(callID: call.callID, status: 0, headers: ["content-type": "application/json"], body: body)
    }
}
