import Foundation

/// What a gateway error response says, from the shapes WAHA answers with.
///
/// NestJS errors (`{"statusCode":404,"message":"Session not found"}`, `message` may be a
/// list of validation failures), the session-state refusal (`{"error":"Session status is
/// not as expected…","status":"STARTING","expected":["WORKING"]}`) and WAHA's exception
/// wrapper (`{"exception":{"message":…}}`).
struct GatewayErrorBody: Sendable, Hashable {
    /// The most specific message found, or an excerpt of the body.
    var summary: String
    /// The session's status when the gateway refused because of it (`STARTING`).
    var sessionStatus: String?

    /// Reads `body`, whatever it holds.
    init(_ body: Data) {
        let json = JSONValue(parsing: body)
        let messages = json?["message"].map { $0.elements.isEmpty ? [$0] : $0.elements }?.compactMap(\.text) ?? []
        let message = messages.isEmpty ? nil : messages.joined(separator: "; ")
        let text = message ?? json?["error"]?.text ?? json?["exception"]?["message"]?.text
        let excerpt = String(decoding: body.prefix(200), as: UTF8.self)
        summary = text ?? (excerpt.isEmpty ? "(empty body)" : excerpt)
        sessionStatus = json?["status"]?.text
    }
}
