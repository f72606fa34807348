/// A Graph API error as the Cloud API reports it, in a response (`{"error": {…}}`) or
/// in a webhook (`errors[]`).
struct CloudAPIErrorBody: Sendable, Hashable {
    /// The numeric code (`131026`), kept as text so nothing is lost.
    var code: String
    /// The human message (`(#131026) Message undeliverable`).
    var message: String?
    /// The short title (webhooks only; Meta plans to drop it).
    var title: String?
    /// `error_subcode`, when present.
    var subcode: String?
    /// `error_data.details`: a string, or an object rendered as compact JSON.
    var details: String?
    /// `fbtrace_id`, which Meta support asks for.
    var traceID: String?

    /// Reads the `error` member of a response body, or nil when there is none.
    init?(response: JSONValue) {
        guard let error = response["error"], case .object = error else { return nil }
        self.init(object: error)
    }

    /// Reads one error object.
    init?(object error: JSONValue) {
        guard let code = error["code"]?.text else { return nil }
        self.code = code
        message = error["message"]?.text
        title = error["title"]?.text
        subcode = error["error_subcode"]?.text
        details = error["error_data"]?["details"]?.textOrJSON ?? error["error_data"]?.textOrJSON.flatMap { $0 == "{}" ? nil : $0 }
        traceID = error["fbtrace_id"]?.text
    }

    /// Wraps a webhook error.
    init(_ error: ProviderError) {
        code = error.code
        message = error.message
        title = error.title
        details = error.details
    }

    /// As a ``ProviderError``.
    var providerError: ProviderError {
        ProviderError(code: code, title: title, message: message, details: details)
    }

    /// "message: details (subcode 2494010, fbtrace_id A1b2)", for reasons.
    var summary: String {
        var text = [message ?? title, details].compactMap { $0 }.joined(separator: ": ")
        if text.isEmpty { text = "error \(code)" }
        let extras = [subcode.map { "subcode \($0)" }, traceID.map { "fbtrace_id \($0)" }].compactMap { $0 }
        return extras.isEmpty ? text : "\(text) (\(extras.joined(separator: ", ")))"
    }
}
