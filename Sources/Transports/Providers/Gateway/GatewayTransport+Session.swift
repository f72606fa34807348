import Foundation

extension GatewayTransport {
    /// Starts the session, creating it when the gateway has none, and returns its status
    /// (with the QR value when it waits to be paired).
    ///
    /// `POST /api/sessions/{session}/start`; on 404, `POST /api/sessions` with
    /// `{"name": session, "start": true}`. Both are harmless to repeat: a running session
    /// stays as it is, and a 422 (the session already started on older gateways, or
    /// created meanwhile by someone else) is read as "it exists". The session's webhook
    /// (URL, events, `hmac.key`) is configured on the gateway, not here.
    /// - Throws: ``TransportError`` when the gateway refused (a wrong API key is
    ///   `gateway.http.401`) or could not be reached.
    public func startSession() async throws(TransportError) -> ConnectionStatus {
        let what = "start the gateway session '\(configuration.session)'"
        let startRequest = request(.post, configuration.apiURL("sessions", configuration.session, "start"))
        let started = try await answer(to: startRequest, what: what)
        switch started.status {
        case 200..<300:
            return await status(ofSession: JSONValue(parsing: started.body))
        case 422:
            return await connectionStatus()
        case 404:
            let create = request(.post, configuration.apiURL("sessions"), body: GatewayRequestBody.createSession(name: configuration.session))
            let created = try await answer(to: create, what: what)
            if created.status == 422 {  // created meanwhile by someone else: start it
                let restarted = try await exchange(startRequest, what: what)
                return await status(ofSession: JSONValue(parsing: restarted.body))
            }
            guard (200..<300).contains(created.status) else { throw refusal(created, what: what) }
            return await status(ofSession: JSONValue(parsing: created.body))
        default:
            throw refusal(started, what: what)
        }
    }

    /// The raw value of the QR code to scan now (`GET /api/{session}/auth/qr?format=raw`),
    /// for a terminal or a QR renderer. WhatsApp rotates it about every 20 seconds: read
    /// it again each time it is shown.
    /// - Throws: ``TransportError`` `gateway.session-not-working` when the session is not
    ///   waiting for a scan (transient while it is still starting), or when the gateway
    ///   refused or could not be reached.
    public func qrCode() async throws(TransportError) -> String {
        let what = "read the QR code of the gateway session '\(configuration.session)'"
        var components = URLComponents(url: configuration.apiURL(configuration.session, "auth", "qr"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "format", value: "raw")]
        guard let url = components?.url else {
            throw TransportError(
                .configuration, "Could not \(what): the base URL '\(configuration.baseURL.absoluteString)' cannot be used", isTransient: false)
        }
        let response = try await exchange(request(.get, url), what: what)
        guard let value = JSONValue(parsing: response.body)?["value"]?.text, !value.isEmpty else {
            let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw TransportError(.unexpectedResponse, "Could not \(what): the gateway answered without a QR value: \(excerpt)", isTransient: true)
        }
        return value
    }

    /// The status a session body (`{"name","status","me"}`) reports; for a session waiting
    /// to be paired, with its QR value when it can be read.
    func status(ofSession json: JSONValue?) async -> ConnectionStatus {
        guard let word = json?["status"]?.text else {
            return .unreachable(reason: "the gateway described the session '\(configuration.session)' without a status")
        }
        let status = GatewaySessionStatus(word)
        let qrCode = status == .scanQRCode ? try? await qrCode() : nil
        return status.connectionStatus(session: configuration.session, detail: GatewayWebhookParser.linkedAccount(json?["me"]), qrCode: qrCode)
    }
}
