import Foundation

extension CloudAPITransport {
    /// The `metadata.phone_number_id` values in an unverified webhook body, in order.
    ///
    /// Webhook signatures use the app secret, which belongs to a Meta app, not to a
    /// number, so the server must pick the sender before it can verify anything:
    ///
    /// 1. Read the ids with this function (it trusts nothing and changes nothing).
    /// 2. Take the cloud-api sender whose `phoneNumberID` is among them (answer 200 with
    ///    no events when none is: the app also serves numbers this engine does not own,
    ///    and an error would make Meta redeliver for days).
    /// 3. Call that sender's ``handleWebhook(_:)``, which verifies the signature with its
    ///    app secret before parsing. The events it returns name their own number (a body
    ///    may hold several numbers of one app); attribute each by
    ///    ``WebhookEvent/phoneNumberID``.
    ///
    /// For the `GET` handshake there is no body: route by path
    /// (`/webhooks/cloud-api/<sender>`) or try each cloud-api sender until one answers 200.
    /// - Returns: the ids, or an empty array when the body is not JSON or names none.
    public static func phoneNumberIDs(inWebhookBody body: Data) -> [String] {
        guard let payload = JSONValue(parsing: body) else { return [] }
        return CloudAPIWebhookParser.phoneNumberIDs(in: payload)
    }
}
