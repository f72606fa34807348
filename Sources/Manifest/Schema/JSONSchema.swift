import Foundation

/// Renders the resource shapes as a JSON Schema (draft 2020-12) for editors that run
/// yaml-language-server. Editors see YAML's own types (`20` is a number there), so
/// the schema accepts numbers where the engine reads text.
public enum JSONSchema {
    /// The schema document, pretty-printed with sorted keys so it diffs well in git.
    public static func document() -> String {
        var definitions: [String: Any] = [:]
        for kind in ResourceKind.allCases {
            definitions[kind.rawValue] = object(ResourceSchema.shape(of: kind))
        }
        let root: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:engine:configuration:v1",
            "title": "engine configuration resource",
            "description": "One YAML document of an engine configuration: a Sender, Campaign, BroadcastList, AutoReply, Flow or Settings.",
            "type": "object",
            "required": ["kind", "name"],
            "properties": ["kind": ["enum": ResourceKind.allCases.map(\.rawValue)]],
            "oneOf": ResourceKind.allCases.map { ["$ref": "#/$defs/\($0.rawValue)"] },
            "$defs": definitions,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func object(_ shape: ObjectShape) -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in shape.fields {
            var schema = render(field.shape)
            var description = field.summary
            if let value = field.defaultValue { description += " Default: \(value)." }
            schema["description"] = description
            properties[field.name] = schema
        }
        var result: [String: Any] = [
            "type": "object",
            "title": shape.title,
            "properties": properties,
            "additionalProperties": shape.extraValues.map { render($0) as Any } ?? false,
        ]
        let required = shape.fields.filter(\.isRequired).map(\.name)
        if !required.isEmpty { result["required"] = required }
        var constraints: [[String: Any]] = []
        for group in shape.exclusiveGroups {
            if group.isRequired {
                constraints.append(["oneOf": group.keys.map { ["required": [$0]] }])
            } else {
                for (index, first) in group.keys.enumerated() {
                    for second in group.keys.dropFirst(index + 1) {
                        constraints.append(["not": ["required": [first, second]]])
                    }
                }
            }
        }
        if !constraints.isEmpty { result["allOf"] = constraints }
        return result
    }

    static func render(_ shape: Shape) -> [String: Any] {
        switch shape {
        case .text(let format): return text(format)
        case .integer(let range):
            var schema: [String: Any] = ["type": "integer"]
            if let range {
                schema["minimum"] = range.lowerBound
                if range.upperBound != .max { schema["maximum"] = range.upperBound }
            }
            return schema
        case .number(let range):
            var schema: [String: Any] = ["type": "number"]
            if let range {
                schema["minimum"] = range.lowerBound
                schema["maximum"] = range.upperBound
            }
            return schema
        case .boolean: return ["type": "boolean"]
        case .choice(let words): return ["enum": words]
        case .list(let element, let minCount):
            var schema: [String: Any] = ["type": "array", "items": render(element)]
            if minCount > 0 { schema["minItems"] = minCount }
            return schema
        case .object(let object): return self.object(object)
        case .dictionary(let value):
            return ["type": "object", "propertyNames": ["pattern": "^[A-Za-z0-9_-]+$"], "additionalProperties": render(value)]
        case .oneOf(let shapes): return ["oneOf": shapes.map(render)]
        case .any: return [:]
        case .flag: return ["enum": [true, NSNull()]]
        }
    }

    static func text(_ format: TextFormat) -> [String: Any] {
        switch format {
        case .plain, .template: return ["type": ["string", "number", "boolean"]]
        case .name: return ["type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,62}$"]
        case .identifier: return ["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"]
        case .duration: return ["type": "string", "pattern": #"^(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$"#, "minLength": 2]
        case .durationRange: return ["type": "string", "pattern": #"^\d+(ms|s|m|h|d)[0-9a-z]*(-\d+(ms|s|m|h|d)[0-9a-z]*)?$"#]
        case .timeOfDay: return ["type": "string", "pattern": #"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"#]
        case .days: return ["type": "string"]
        case .weekday: return ["enum": DaySet.names]
        case .dateTime: return ["type": "string", "format": "date-time"]
        case .timezone: return ["type": "string", "examples": ["UTC", "Europe/Berlin", "America/New_York"]]
        case .secret: return ["type": "string", "pattern": #"^\$\{(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)\}$"#]
        case .url: return ["type": "string", "format": "uri", "pattern": "^https?://"]
        case .smtpURL: return ["type": "string", "format": "uri", "pattern": "^smtps?://[^@/]+(/.*)?$"]
        case .templateURL: return ["type": "string", "pattern": "^(https?://|<<)"]
        case .phone: return ["type": ["string", "integer"]]
        case .phonePattern: return ["type": "string", "pattern": #"^[+0-9* ]+$"#]
        case .regex: return ["type": "string", "format": "regex"]
        case .path: return ["type": "string"]
        case .email: return ["type": "string", "format": "email"]
        case .language: return ["type": "string", "pattern": "^[a-z]{2,3}(_[A-Z]{2})?$"]
        case .jsonPath: return ["type": "string"]
        case .countryCode: return ["type": ["string", "integer"], "pattern": #"^\+?[1-9]\d{0,2}$"#]
        case .apiVersion: return ["type": "string", "pattern": #"^v\d+\.\d+$"#]
        }
    }
}
