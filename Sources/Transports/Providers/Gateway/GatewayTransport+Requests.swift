import Foundation

extension GatewayTransport {
    /// A request with the API key and JSON headers.
    func request(_ method: HTTPRequest.Method, _ url: URL, body: JSONValue? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if let apiKey = configuration.apiKey { headers.append(("X-Api-Key", apiKey)) }
        return HTTPRequest(method: method, url: url, headers: headers, body: body?.data, timeout: configuration.requestTimeout)
    }

    /// `POST /api/{endpoint}` with a JSON body.
    func post(_ endpoint: String, _ body: JSONValue) -> HTTPRequest {
        request(.post, configuration.apiURL(endpoint), body: body)
    }

    /// Sends a request whose only answer that matters is a 2xx.
    func acknowledge(_ request: HTTPRequest, what: String) async throws(TransportError) {
        _ = try await exchange(request, what: what)
    }

    /// Sends `request` and returns a 2xx response.
    /// - Throws: ``TransportError`` for any other status, classified like a send, or
    ///   when no response arrived.
    func exchange(_ request: HTTPRequest, what: String) async throws(TransportError) -> HTTPResponse {
        let response = try await answer(to: request, what: what)
        guard (200..<300).contains(response.status) else { throw refusal(response, what: what) }
        return response
    }

    /// Sends `request` and returns its response, whatever the status.
    func answer(to request: HTTPRequest, what: String) async throws(TransportError) -> HTTPResponse {
        do throws(HTTPError) {
            return try await client.send(request)
        } catch {
            throw GatewayErrorClassifier.transportError(error, what: what)
        }
    }

    /// The error a refused call other than a send throws.
    func refusal(_ response: HTTPResponse, what: String) -> TransportError {
        let outcome = GatewayErrorClassifier.outcome(response, session: configuration.session, retryAfter: response.retryAfter, attempt: 0)
        return GatewayErrorClassifier.transportError(outcome, what: what)
    }
}
