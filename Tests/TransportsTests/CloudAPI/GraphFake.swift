import Foundation

/// The loopback server's Graph API fake: `POST /{version}/{phone-number-id}/messages`.
///
/// It checks what Meta checks (method, bearer token, JSON content type, the
/// `messaging_product` field, a recipient) and answers like Meta: the success body, or
/// the documented error body chosen by the recipient's last four digits, so one test
/// can walk every error class through real HTTP.
enum GraphFake {
    static let token = "graph-fake-token"

    /// Recipients whose last four digits script an error: code, HTTP status.
    static let scriptedErrors: [String: (code: Int, status: Int)] = [
        "9001": (131_026, 400),  // recipient cannot receive
        "9002": (130_429, 429),  // throughput limit
        "9003": (131_047, 400),  // 24-hour window closed
        "9004": (132_001, 404),  // template missing
        "9005": (131_000, 500),  // generic server error
    ]

    static func respond(to method: String, headers: [(name: String, value: String)], body: [UInt8]) -> [UInt8] {
        func header(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        guard method == "POST" else { return error(100, status: 400, message: "Unsupported get request") }
        guard header("Authorization") == "Bearer \(token)" else { return error(190, status: 401, message: "Invalid OAuth access token") }
        guard header("Content-Type")?.hasPrefix("application/json") == true,
            let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            json["messaging_product"] as? String == "whatsapp", let to = json["to"] as? String, !to.isEmpty
        else { return error(100, status: 400, message: "Invalid parameter") }
        if let scripted = scriptedErrors[String(to.suffix(4))] {
            return error(scripted.code, status: scripted.status, message: "scripted error \(scripted.code)")
        }
        let digits = to.filter(\.isNumber)
        let reply =
            #"{"messaging_product":"whatsapp","contacts":[{"input":"\#(to)","wa_id":"\#(digits)"}],"messages":[{"id":"wamid.FAKE.\#(digits)"}]}"#
        return http(200, reply)
    }

    private static func error(_ code: Int, status: Int, message: String) -> [UInt8] {
        http(status, #"{"error":{"message":"\#(message)","type":"OAuthException","code":\#(code),"fbtrace_id":"FakeTrace"}}"#)
    }

    private static func http(_ status: Int, _ json: String) -> [UInt8] {
        let body = Array(json.utf8)
        let head = "HTTP/1.1 \(status) Graph\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }
}
