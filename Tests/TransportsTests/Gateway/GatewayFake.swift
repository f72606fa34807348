import Foundation
import Synchronization

/// The loopback server's WAHA fake, behind every `/api/…` path: sessions with their
/// lifecycle, rotating QR codes, `sendText`, typing and `sendSeen`.
///
/// It checks what WAHA checks (the API key, the session, its status, the JSON fields)
/// and answers in WAHA's shapes. A session goes `STOPPED` → (start) `STARTING` →
/// (next read) `SCAN_QR_CODE` → (``scanQRCode(_:)``) `WORKING`; each raw QR read gives
/// a new value. Recipients whose last four digits are scripted get an error instead.
final class GatewayFake: Sendable {
    static let apiKey = "gateway-fake-key"
    /// The linked phone a working session reports.
    static let linkedNumber = "15550001111"

    /// Recipients' last four digits that script an error: HTTP status, Retry-After.
    static let scriptedErrors: [String: (status: Int, retryAfter: String?)] = [
        "9400": (400, nil),
        "9429": (429, "7"),
        "9500": (500, nil),
        "9502": (502, nil),
    ]

    /// One request as the fake saw it.
    struct Request: Sendable {
        var method: String
        /// The path and query.
        var target: String
        var apiKey: String?
        var contentType: String?
        var body: String
    }

    private struct State {
        var sessions: [String: String] = [:]
        var qrReads = 0
        var sent = 0
        var requests: [Request] = []
    }

    private let state = Mutex(State())

    /// Every request so far, in order.
    var requests: [Request] {
        state.withLock { $0.requests }
    }

    /// Adds a session in `status` (WAHA's word).
    func addSession(_ name: String, status: String) {
        state.withLock { $0.sessions[name] = status }
    }

    /// The session's status, or nil when there is none.
    func status(of name: String) -> String? {
        state.withLock { $0.sessions[name] }
    }

    /// Pairs a session waiting for its QR code, as a phone scanning it would.
    func scanQRCode(_ name: String) {
        state.withLock { state in
            if state.sessions[name] == "SCAN_QR_CODE" { state.sessions[name] = "WORKING" }
        }
    }

    func respond(to method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) -> [UInt8] {
        func header(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        let components = URLComponents(string: "http://gateway\(target)")
        let path = (components?.percentEncodedPath ?? target).split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        let query = components?.queryItems ?? []
        let text = String(decoding: body, as: UTF8.self)
        return state.withLock { state in
            state.requests.append(
                Request(method: method, target: target, apiKey: header("X-Api-Key"), contentType: header("Content-Type"), body: text))
            guard header("X-Api-Key") == Self.apiKey else { return Self.http(401, #"{"message":"Unauthorized","statusCode":401}"#) }
            let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
            switch (method, Array(path.dropFirst())) {
            case ("GET", let route) where route.count == 2 && route[0] == "sessions":
                return Self.readSession(route[1], in: &state)
            case ("POST", let route) where route.count == 3 && route[0] == "sessions" && route[2] == "start":
                guard let status = state.sessions[route[1]] else { return Self.notFound("Session not found") }
                if status == "STOPPED" || status == "FAILED" { state.sessions[route[1]] = "STARTING" }
                return Self.http(201, Self.sessionJSON(route[1], state.sessions[route[1]] ?? status))
            case ("POST", ["sessions"]):
                guard let name = json["name"] as? String, !name.isEmpty else { return Self.badRequest("name must be a string") }
                guard state.sessions[name] == nil else {
                    return Self.http(422, #"{"statusCode":422,"message":"Session '\#(name)' already exists. Use PUT to update it."}"#)
                }
                state.sessions[name] = json["start"] as? Bool == true ? "STARTING" : "STOPPED"
                return Self.http(201, Self.sessionJSON(name, state.sessions[name] ?? "STOPPED"))
            case ("GET", let route) where route.count == 3 && route[1] == "auth" && route[2] == "qr":
                return Self.qr(session: route[0], raw: query.contains { $0.name == "format" && $0.value == "raw" }, in: &state)
            case ("POST", ["sendText"]):
                return Self.sendText(json, in: &state)
            case ("POST", ["startTyping"]), ("POST", ["stopTyping"]), ("POST", ["sendSeen"]):
                if let refusal = Self.check(json, in: state) { return refusal }
                if path.last == "sendSeen", (json["messageIds"] as? [String])?.isEmpty != false {
                    return Self.badRequest("messageIds must be a list")
                }
                return Self.http(201, "{}")
            default:
                return Self.notFound("Cannot \(method) \(components?.path ?? target)")
            }
        }
    }

    // MARK: Routes

    private static func readSession(_ name: String, in state: inout State) -> [UInt8] {
        guard let status = state.sessions[name] else { return notFound("Session not found") }
        // The engine boots between two reads: the next one finds it waiting for a scan.
        if status == "STARTING" { state.sessions[name] = "SCAN_QR_CODE" }
        return http(200, sessionJSON(name, status))
    }

    private static func qr(session: String, raw: Bool, in state: inout State) -> [UInt8] {
        guard let status = state.sessions[session] else { return notFound("Session not found") }
        guard status == "SCAN_QR_CODE" else { return notWorking(session, status, expected: "SCAN_QR_CODE") }
        state.qrReads += 1
        guard raw else { return http(200, "\u{89}PNG fake", contentType: "image/png") }
        return http(200, #"{"value":"2@fake-qr-\#(state.qrReads),\#(session)"}"#)
    }

    private static func sendText(_ json: [String: Any], in state: inout State) -> [UInt8] {
        if let refusal = check(json, in: state) { return refusal }
        guard let text = json["text"] as? String, !text.isEmpty else { return badRequest("text must be a string") }
        let chatID = json["chatId"] as? String ?? ""
        let digits = chatID.prefix { $0 != "@" }
        if let scripted = scriptedErrors[String(digits.suffix(4))] {
            let headers = scripted.retryAfter.map { [("Retry-After", $0)] } ?? []
            return http(
                scripted.status, #"{"statusCode":\#(scripted.status),"exception":{"message":"scripted error \#(scripted.status)"}}"#, headers: headers
            )
        }
        state.sent += 1
        let id = "3EB0FAKE\(state.sent)"
        return http(
            201, #"{"id":{"fromMe":true,"remote":"\#(chatID)","id":"\#(id)","_serialized":"true_\#(chatID)_\#(id)"},"to":"\#(chatID)","ack":0}"#)
    }

    /// WAHA's refusals for a body naming a chat in a session: 400, 404, or 422.
    private static func check(_ json: [String: Any], in state: State) -> [UInt8]? {
        guard let chatID = json["chatId"] as? String, chatID.hasSuffix("@c.us") else { return badRequest("chatId must end with @c.us") }
        guard let session = json["session"] as? String, let status = state.sessions[session] else { return notFound("Session not found") }
        return status == "WORKING" ? nil : notWorking(session, status, expected: "WORKING")
    }

    // MARK: Answers

    private static func sessionJSON(_ name: String, _ status: String) -> String {
        let me = status == "WORKING" ? #"{"id":"\#(linkedNumber)@c.us","pushName":"Sales"}"# : "null"
        return #"{"name":"\#(name)","status":"\#(status)","config":null,"me":\#(me),"engine":{"engine":"WEBJS"}}"#
    }

    private static func notWorking(_ session: String, _ status: String, expected: String) -> [UInt8] {
        http(
            422,
            #"{"error":"Session status is not as expected. Try again later or restart the session","session":"\#(session)","status":"\#(status)","expected":["\#(expected)"]}"#
        )
    }

    private static func notFound(_ message: String) -> [UInt8] {
        http(404, #"{"statusCode":404,"message":"\#(message)","error":"Not Found"}"#)
    }

    private static func badRequest(_ message: String) -> [UInt8] {
        http(400, #"{"statusCode":400,"message":["\#(message)"],"error":"Bad Request"}"#)
    }

    private static func http(_ status: Int, _ text: String, contentType: String = "application/json", headers: [(String, String)] = []) -> [UInt8] {
        let body = Array(text.utf8)
        var head = "HTTP/1.1 \(status) WAHA\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}
