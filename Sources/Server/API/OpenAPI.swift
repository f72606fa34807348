import Store

/// Builders for the OpenAPI document, and its schemas.
enum OpenAPI {
    /// A parameter of an operation.
    enum Parameter {
        /// The `{name}` path segment, naming a resource of `kind`.
        case name(String)
        /// A query parameter (a string unless `schema` says otherwise).
        case query(String, String, schema: JSONValue = ["type": "string"])
        /// The page size.
        case limit
        /// The previous page's `nextCursor`.
        case cursor
        /// The `Idempotency-Key` header.
        case idempotencyKey

        var object: JSONValue {
            switch self {
            case .name(let kind):
                return ["name": "name", "in": "path", "required": true, "description": .string("The \(kind)'s name."), "schema": ["type": "string"]]
            case .query(let name, let description, let schema):
                return ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
            case .limit:
                return [
                    "name": "limit", "in": "query", "required": false, "description": "The most items a page holds.",
                    "schema": [
                        "type": "integer", "minimum": 1, "maximum": .number(Double(MessageQuery.maximumLimit)),
                        "default": .number(Double(MessageQuery.defaultLimit)),
                    ],
                ]
            case .cursor:
                return [
                    "name": "cursor", "in": "query", "required": false, "description": "The previous page's `nextCursor`.",
                    "schema": ["type": "string"],
                ]
            case .idempotencyKey:
                return [
                    "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "A key of the client's: asking again with the same key queues nothing new.",
                    "schema": ["type": "string", "maxLength": 200],
                ]
            }
        }
    }

    /// An operation answering 200 with `ok` (a schema name) or `okContent`, plus the
    /// errors every operation may answer.
    static func operation(
        _ id: String, _ summary: String, description: String? = nil, parameters: [Parameter] = [], ok: String? = nil,
        okContent: JSONValue? = nil, requestBody: String? = nil, responses extra: [(String, JSONValue)] = []
    ) -> JSONValue {
        var responses: [(key: String, value: JSONValue)] = []
        if let ok { responses.append(("200", jsonResponse("OK", schema: ok))) }
        if let okContent { responses.append(("200", ["description": "OK", "content": okContent])) }
        responses += extra.map { (key: $0.0, value: $0.1) }
        responses.append(("400", ["$ref": "#/components/responses/BadRequest"]))
        responses.append(("401", ["$ref": "#/components/responses/Unauthorized"]))
        if parameters.contains(where: { if case .name = $0 { true } else { false } }) {
            responses.append(("404", ["$ref": "#/components/responses/NotFound"]))
        }
        responses.append(("500", ["$ref": "#/components/responses/InternalError"]))
        var operation: [(key: String, value: JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary))]
        if let description { operation.append(("description", .string(description))) }
        if !parameters.isEmpty { operation.append(("parameters", .array(parameters.map(\.object)))) }
        if let requestBody {
            operation.append(("requestBody", ["required": true, "content": ["application/json": ["schema": reference(requestBody)]]]))
        }
        operation.append(("responses", .object(responses)))
        return .object(operation)
    }

    /// A response whose JSON body has the schema `schema`.
    static func jsonResponse(_ description: String, schema: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": reference(schema)]]]
    }

    static func reference(_ schema: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(schema)")] }

    // MARK: Schema builders

    /// An object with `properties`; those in `required` are always present, the others
    /// only when they have a value.
    static func object(_ description: String, _ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        [
            "type": "object", "description": .string(description), "additionalProperties": false,
            "properties": .object(properties.map { (key: $0.0, value: $0.1) }), "required": .array(required.map(JSONValue.string)),
        ]
    }

    static func string(_ description: String, oneOf values: [String]? = nil, format: String? = nil) -> JSONValue {
        var schema: [(key: String, value: JSONValue)] = [("type", "string"), ("description", .string(description))]
        if let values { schema.append(("enum", .array(values.map(JSONValue.string)))) }
        if let format { schema.append(("format", .string(format))) }
        return .object(schema)
    }

    static func integer(_ description: String) -> JSONValue { ["type": "integer", "description": .string(description)] }
    static func number(_ description: String) -> JSONValue { ["type": "number", "description": .string(description)] }
    static func boolean(_ description: String) -> JSONValue { ["type": "boolean", "description": .string(description)] }
    static func date(_ description: String) -> JSONValue { string(description, format: "date-time") }
    static func array(_ items: JSONValue, _ description: String) -> JSONValue {
        ["type": "array", "description": .string(description), "items": items]
    }
    static func strings(_ description: String) -> JSONValue { array(["type": "string"], description) }

    /// Counts by name, every name of `keys` present.
    static func counts(_ description: String, keys: [String]) -> JSONValue {
        [
            "type": "object", "description": .string(description), "additionalProperties": ["type": "integer"],
            "propertyNames": ["enum": .array(keys.map(JSONValue.string))],
        ]
    }

    static let messageStates = OutboxState.allCases.map(\.rawValue)
    static let contactStatuses = ContactStatus.allCases.map(\.rawValue)
}
