import Crypto
import Manifest
import Templates

/// A flow's version: the SHA-256 of a canonical encoding of what the flow does.
///
/// The encoding covers the name, senders (as a set), interruptibility, catch-all, step
/// limit, triggers, start and every node's action and edges, with nodes keyed by name. It
/// leaves out where things are written (files, lines, columns, key order of the nodes
/// mapping, whitespace and quoting), the description and `active`, so moving a flow to
/// another file, reformatting it or switching it off and on keeps its version, while any
/// change of behaviour makes a new one. Executions are pinned to the version they started on.
///
/// The encoding is versioned by its first line; changing it changes every flow's version,
/// which the golden tests catch.
public enum FlowVersion {
    /// The first line of the encoding.
    static let encodingTag = "engine.flow/1"

    /// The version of `flow`: 64 lower-case hex digits.
    public static func of(_ flow: Flow) -> String {
        let digest = SHA256.hash(data: Array(canonicalEncoding(of: flow).utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The text that is hashed: the tag, a newline, and compact JSON with sorted keys.
    static func canonicalEncoding(of flow: Flow) -> String {
        var root: [String: TemplateValue] = [
            "name": .string(flow.header.name),
            "interruptible": .bool(flow.isInterruptible),
            "catchAll": .bool(flow.isCatchAll),
            "stepLimit": .int(flow.stepLimit),
            "start": .string(flow.start.value),
            "triggers": .array(
                flow.triggers.map { trigger in
                    ["match": .string(trigger.match.rawValue), "keywords": .array(trigger.keywords.map { .string($0.value) })]
                }),
        ]
        if let senders = flow.senders { root["senders"] = .array(Set(senders.map(\.value)).sorted().map(TemplateValue.string)) }
        var nodes: [String: TemplateValue] = [:]
        for node in flow.nodes where nodes[node.name.value] == nil { nodes[node.name.value] = encode(node) }
        root["nodes"] = .object(nodes)
        return encodingTag + "\n" + TemplateValue.object(root).jsonText
    }

    private static func encode(_ node: FlowNode) -> TemplateValue {
        var members: [String: TemplateValue] = [node.action.keyword: encode(node.action)]
        if let next = node.next { members["next"] = .string(next.value) }
        if let error = node.error { members["error"] = .string(error.value) }
        if let timeout = node.timeout { members["timeout"] = .string(timeout.value) }
        return .object(members)
    }

    private static func encode(_ action: FlowAction) -> TemplateValue {
        switch action {
        case .send(let content, let buttons, let list):
            var send = encode(content)
            send["buttons"] = .array(buttons.map { [.string($0.id), .string($0.title.value)] })
            if let list {
                send["list"] = [
                    "button": .string(list.button.value),
                    "sections": .array(
                        list.sections.map { section in
                            [
                                "title": optional(section.title),
                                "rows": .array(
                                    section.rows.map { [.string($0.id), .string($0.title.value), optional($0.description?.value)] }),
                            ]
                        }),
                ]
            }
            return .object(send)
        case .wait(let save, let timeout, let validation):
            var wait: [String: TemplateValue] = ["save": optional(save), "timeout": timeout.map(milliseconds) ?? .null]
            if let validation {
                wait["validate"] = [
                    "type": .string(validation.kind.rawValue), "pattern": optional(validation.pattern),
                    "choices": validation.choices.map { .array($0.map(TemplateValue.string)) } ?? .null,
                    "reprompt": optional(validation.reprompt), "attempts": .int(validation.attempts),
                ]
            }
            return .object(wait)
        case .branch(let branch):
            return [
                "value": .string(branch.value),
                "cases": .array(branch.cases.map { ["condition": encode($0.condition), "next": .string($0.next.value)] }),
                "default": .string(branch.defaultTarget.value),
            ]
        case .set(let assignments):
            return .object(assignments.mapValues(TemplateValue.string))
        case .delay(let duration):
            return milliseconds(duration)
        case .http(let request):
            return [
                "method": .string(request.method.uppercased()), "url": .string(request.url),
                "headers": .object(request.headers.mapValues(TemplateValue.string)), "body": request.body.map(encode) ?? .null,
                "timeout": milliseconds(request.timeout), "retries": .int(request.retries),
                "save": .object(request.save.mapValues(TemplateValue.string)),
            ]
        case .handoff(let duration, let note):
            return ["for": milliseconds(duration), "note": optional(note)]
        case .goto(let flow):
            return .string(flow.value)
        case .end:
            return true
        }
    }

    private static func encode(_ content: MessageContent) -> [String: TemplateValue] {
        var encoded: [String: TemplateValue] = ["text": optional(content.text)]
        if let template = content.template {
            encoded["template"] = [
                "name": .string(template.name), "language": .string(template.language),
                "parameters": .array(template.parameters.map(TemplateValue.string)),
                "header": .array(template.header.map(TemplateValue.string)), "buttons": .array(template.buttons.map(TemplateValue.string)),
            ]
        }
        if let media = content.media {
            encoded["media"] = [
                "url": .string(media.url), "type": .string(media.kind.rawValue), "caption": optional(media.caption),
                "filename": optional(media.filename),
            ]
        }
        return encoded
    }

    private static func encode(_ condition: Branch.Condition) -> TemplateValue {
        switch condition {
        case .equals(let text): return ["equals": .string(text)]
        case .contains(let text): return ["contains": .string(text)]
        case .regex(let pattern): return ["regex": .string(pattern)]
        case .range(let min, let max): return ["range": [min.map(TemplateValue.number) ?? .null, max.map(TemplateValue.number) ?? .null]]
        case .hasValue(let expected): return ["hasValue": .bool(expected)]
        }
    }

    /// A body keeps its key order: the order is part of the bytes sent.
    private static func encode(_ value: SpecValue) -> TemplateValue {
        switch value {
        case .null: return .null
        case .scalar(let text): return .string(text)
        case .list(let items): return ["list": .array(items.map(encode))]
        case .map(let entries): return ["map": .array(entries.map { [.string($0.key), encode($0.value)] })]
        }
    }

    private static func optional(_ text: String?) -> TemplateValue {
        text.map(TemplateValue.string) ?? .null
    }

    private static func milliseconds(_ duration: Duration) -> TemplateValue {
        let (seconds, attoseconds) = duration.components
        return .int(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
