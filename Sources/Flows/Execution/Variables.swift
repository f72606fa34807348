import Templates

/// The `contact` namespace: `contact.phone` (also `contact.phoneNumber`, the old system's
/// name), `contact.name` and any other fields.
public struct ContactVariables: Sendable, Hashable, Codable {
    /// The contact's number, E.164.
    public var phone: String
    /// The contact's name, or their WhatsApp profile name when nothing better is known.
    public var name: String?
    /// Other fields (CSV columns, CRM data), as `contact.KEY`.
    public var fields: [String: String]

    /// Creates the namespace.
    public init(phone: String, name: String? = nil, fields: [String: String] = [:]) {
        self.phone = phone
        self.name = name
        self.fields = fields
    }

    /// The namespace as a template value; `phone`, `phoneNumber` and `name` win over fields of those names.
    var value: TemplateValue {
        var members = fields.mapValues(TemplateValue.string)
        members["phone"] = .string(phone)
        members["phoneNumber"] = .string(phone)
        if let name { members["name"] = .string(name) }
        return .object(members)
    }
}

/// The `sender` namespace: the number the conversation runs on.
public struct SenderVariables: Sendable, Hashable, Codable {
    /// The sender's resource name.
    public var name: String
    /// The sender's number, E.164, when known.
    public var phone: String?

    /// Creates the namespace.
    public init(name: String, phone: String? = nil) {
        self.name = name
        self.phone = phone
    }

    var value: TemplateValue {
        var members: [String: TemplateValue] = ["name": .string(name)]
        if let phone { members["phone"] = .string(phone) }
        return .object(members)
    }
}

/// What the `flow` and `http` namespaces show: the last inbound text and the last HTTP response.
///
/// Templates read `flow.message`, `flow.httpStatus` (0 until a call is made, and when a
/// call could not be made), `flow.httpResponse` (the parsed body), and the same response
/// as `http.status`, `http.headers.NAME` and `http.body.PATH`.
public struct FlowVariables: Sendable, Hashable, Codable {
    /// The last inbound text.
    public var message: String?
    /// The last HTTP status; 0 when no call was made or none got an answer.
    public var httpStatus: Int
    /// The last response's headers, names in lower case.
    public var httpHeaders: [String: String]
    /// The last response's body: parsed JSON, or the text when it is not JSON.
    public var httpResponse: TemplateValue?

    /// No message and no response yet.
    public init(message: String? = nil) {
        self.message = message
        self.httpStatus = 0
        self.httpHeaders = [:]
        self.httpResponse = nil
    }

    /// The `flow` namespace.
    var flowValue: TemplateValue {
        var members: [String: TemplateValue] = ["httpStatus": .int(httpStatus)]
        if let message { members["message"] = .string(message) }
        if let httpResponse { members["httpResponse"] = httpResponse }
        return .object(members)
    }

    /// The `http` namespace, also what ``ResponsePath`` reads.
    var httpValue: TemplateValue {
        var members: [String: TemplateValue] = ["status": .int(httpStatus), "headers": .object(httpHeaders.mapValues(TemplateValue.string))]
        if let httpResponse { members["body"] = httpResponse }
        return .object(members)
    }
}
