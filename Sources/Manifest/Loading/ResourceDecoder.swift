import Yams

/// Turns a checked document node into a typed resource.
struct ResourceDecoder {
    let reader: NodeDecoder

    init(file: String) {
        self.reader = NodeDecoder(file: file)
    }

    func decode(_ node: Node, kind: ResourceKind, header: ResourceHeader) -> Resource {
        switch kind {
        case .settings: return .settings(settings(node, header))
        case .sender: return .sender(sender(node, header))
        case .campaign: return .campaign(campaign(node, header))
        case .broadcastList: return .broadcastList(broadcastList(node, header))
        case .autoReply: return .autoReply(autoReply(node, header))
        case .flow: return .flow(flow(node, header))
        }
    }

    private func settings(_ node: Node, _ header: ResourceHeader) -> Settings {
        var settings = Settings.defaults
        settings.header = header
        if let code = reader.string(node, "defaultCountryCode") {
            settings.defaultCountryCode = code.hasPrefix("+") ? String(code.dropFirst()) : code
        }
        settings.timezone = reader.string(node, "timezone") ?? "UTC"
        settings.businessHours = reader.window(node.value("businessHours"))
        if let words = reader.strings(node, "optOutWords") { settings.optOutWords = words.map { $0.uppercased() } }
        settings.notificationEmail = node.value("notifications").flatMap { reader.string($0, "email") }
        if let smtp = node.value("notifications")?.value("smtp"), let url = reader.string(smtp, "url"),
            let from = reader.string(smtp, "from")
        {
            func secret(_ key: String) -> SecretReference? {
                reader.string(smtp, key).flatMap { try? SecretReference.parse($0, field: key).get() }
            }
            settings.smtp = SMTPSettings(
                url: url, from: from, username: secret("username"), password: secret("password"), location: reader.location(smtp))
        }
        if let token = reader.string(node, "apiToken"), case .success(let reference) = SecretReference.parse(token, field: "apiToken") {
            settings.apiToken = reference
        }
        if let http = node.value("http") {
            settings.httpAllowedHosts = reader.strings(http, "allowedHosts")
            settings.httpMaxResponseBytes = reader.int(http, "maxResponseBytes") ?? settings.httpMaxResponseBytes
        }
        return settings
    }

    private func sender(_ node: Node, _ header: ResourceHeader) -> Sender {
        var quota = Quota.standard
        if let quotaNode = node.value("quota") {
            quota.perMinute = reader.int(quotaNode, "perMinute") ?? quota.perMinute
            quota.perHour = reader.int(quotaNode, "perHour") ?? quota.perHour
            quota.perDay = reader.int(quotaNode, "perDay") ?? quota.perDay
            quota.location = reader.location(quotaNode)
        }
        let warmup = node.value("warmup").flatMap { warmupNode -> Warmup? in
            guard let days = reader.int(warmupNode, "days"), let from = reader.int(warmupNode, "from") else { return nil }
            return Warmup(days: days, from: from)
        }
        var simulator = SimulatorSettings()
        if let simulatorNode = node.value("simulator") {
            if let latency = reader.string(simulatorNode, "latency") {
                let bounds = latency.split(separator: "-", maxSplits: 1).compactMap { try? DurationValue.parse(String($0)).get() }
                if let low = bounds.first { simulator.latency = low...max(low, bounds.last ?? low) }
            }
            simulator.failureRate = reader.double(simulatorNode, "failureRate") ?? 0
            simulator.seed = reader.int(simulatorNode, "seed").map { UInt64($0) }
            simulator.undeliverable = reader.strings(simulatorNode, "undeliverable") ?? []
            simulator.deliveredAfter = reader.duration(simulatorNode, "deliveredAfter", default: .seconds(1))
            simulator.readAfter = reader.duration(simulatorNode, "readAfter", default: .seconds(5))
            simulator.rateLimitEvery = reader.int(simulatorNode, "rateLimitEvery")
        }
        let transport = Sender.Transport(rawValue: reader.string(node, "transport") ?? "simulator") ?? .simulator
        var settings: [String: String] = [:]
        for fields in ResourceSchema.transportFields.values {
            for field in fields where field != "simulator" {
                if let value = reader.string(node, field) { settings[field] = value }
            }
        }
        return Sender(
            header: header, transport: transport,
            phone: reader.located(node, "phone") ?? Located("", at: header.location),
            isEnabled: reader.bool(node, "enabled", default: true), quota: quota, warmup: warmup,
            resumeAfter: reader.duration(node, "resumeAfter"), transportSettings: settings, simulator: simulator)
    }

    private func content(_ node: Node) -> MessageContent {
        MessageContent(
            text: reader.string(node, "message") ?? reader.string(node, "text"),
            template: node.value("template").flatMap(template),
            media: node.value("media").flatMap(media))
    }

    private func template(_ node: Node) -> WhatsAppTemplate? {
        guard let name = reader.string(node, "name"), let language = reader.string(node, "language") else { return nil }
        return WhatsAppTemplate(
            name: name, language: language, parameters: reader.strings(node, "parameters") ?? [],
            header: reader.strings(node, "header") ?? [], buttons: reader.strings(node, "buttons") ?? [])
    }

    private func media(_ node: Node) -> Media? {
        guard let url = reader.string(node, "url"), let kind = reader.string(node, "type").flatMap(Media.Kind.init) else { return nil }
        return Media(url: url, kind: kind, caption: reader.string(node, "caption"), filename: reader.string(node, "filename"))
    }

    private func contacts(_ node: Node?, fallback: SourceLocation) -> ContactSource {
        guard let node else { return .inline([]) }
        if let path = node.text { return .file(Located(path, at: reader.location(node))) }
        let contacts = (node.items ?? []).compactMap { item -> InlineContact? in
            guard let pairs = item.pairs, let phone = reader.located(item, "phone") else { return nil }
            var fields: [String: String] = [:]
            for (key, value) in pairs {
                guard let key = key.text, key != "phone", key != "name", let text = value.text else { continue }
                fields[key] = text
            }
            return InlineContact(phone: phone, name: reader.string(item, "name"), fields: fields)
        }
        return .inline(contacts)
    }

    private func campaign(_ node: Node, _ header: ResourceHeader) -> Campaign {
        var pacing = Pacing()
        if let pacingNode = node.value("pacing") {
            pacing.minDelay = reader.duration(pacingNode, "minDelay", default: pacing.minDelay)
            pacing.maxDelay = reader.duration(pacingNode, "maxDelay", default: pacing.maxDelay)
            pacing.typing = reader.bool(pacingNode, "typing", default: true)
            pacing.location = reader.location(pacingNode)
        }
        var schedule = Schedule()
        if let scheduleNode = node.value("schedule") {
            schedule.start = reader.string(scheduleNode, "start").flatMap { try? DateTimeValue.parse($0).get() }
            schedule.window = reader.window(scheduleNode.value("window"))
            schedule.timezone = reader.string(scheduleNode, "timezone")
            schedule.dailyCap = reader.int(scheduleNode, "dailyCap")
        }
        return Campaign(
            header: header,
            desiredState: Campaign.DesiredState(rawValue: reader.string(node, "state") ?? "draft") ?? .draft,
            senders: reader.locatedList(node, "senders") ?? [], content: content(node),
            contacts: contacts(node.value("contacts"), fallback: header.location), pacing: pacing, schedule: schedule,
            resendUnknown: reader.bool(node, "resendUnknown", default: false))
    }

    private func broadcastList(_ node: Node, _ header: ResourceHeader) -> BroadcastList {
        let batch = node.value("batch")
        let sends = (node.value("sends")?.items ?? []).compactMap { item -> BroadcastSend? in
            guard let id = reader.located(item, "id") else { return nil }
            return BroadcastSend(id: id, content: content(item))
        }
        return BroadcastList(
            header: header, sender: reader.located(node, "sender") ?? Located("", at: header.location),
            members: contacts(node.value("members"), fallback: header.location),
            batchSize: batch.flatMap { reader.int($0, "size") } ?? 256,
            batchPause: batch.flatMap { reader.duration($0, "pause") } ?? .seconds(10),
            sends: sends, resendUnknown: reader.bool(node, "resendUnknown", default: false))
    }

    private func autoReply(_ node: Node, _ header: ResourceHeader) -> AutoReply {
        let condition =
            reader.located(node, "when").map { located in
                Located(AutoReply.Condition(rawValue: located.value) ?? .always, at: located.location)
            } ?? Located(.always, at: header.location)
        return AutoReply(
            header: header, senders: reader.locatedList(node, "senders"), condition: condition,
            message: reader.string(node, "message") ?? "", delay: reader.duration(node, "delay", default: .seconds(2)),
            cooldown: reader.duration(node, "cooldown", default: .seconds(86_400)),
            isActive: reader.bool(node, "active", default: true))
    }

    private func flow(_ node: Node, _ header: ResourceHeader) -> Flow {
        let triggers = (node.value("triggers")?.items ?? []).map { item in
            Trigger(
                keywords: reader.locatedList(item, "keywords") ?? [],
                match: reader.string(item, "match").flatMap(Trigger.Match.init) ?? .word)
        }
        let nodes = (node.value("nodes")?.pairs ?? []).compactMap { key, value -> FlowNode? in
            guard let name = key.text, value.pairs != nil else { return nil }
            return flowNode(Located(name, at: reader.location(key)), value)
        }
        return Flow(
            header: header, senders: reader.locatedList(node, "senders"),
            isActive: reader.bool(node, "active", default: true),
            isInterruptible: reader.bool(node, "interruptible", default: true),
            isCatchAll: reader.bool(node, "catchAll", default: false), stepLimit: reader.int(node, "stepLimit") ?? 100,
            triggers: triggers, start: reader.located(node, "start") ?? Located("", at: header.location), nodes: nodes)
    }

    private func flowNode(_ name: Located<String>, _ node: Node) -> FlowNode? {
        guard let (keyNode, value) = node.pairs?.first(where: { ResourceSchema.nodeActions.contains($0.key.text ?? "") }),
            let key = keyNode.text
        else { return nil }
        let action: FlowAction
        switch key {
        case "send":
            if let text = value.text {
                action = .send(MessageContent(text: text), buttons: [], list: nil)
            } else {
                let buttons = (value.value("buttons")?.items ?? []).compactMap { item -> Button? in
                    guard let id = reader.string(item, "id"), let title = reader.located(item, "title") else { return nil }
                    return Button(id: id, title: title)
                }
                action = .send(content(value), buttons: buttons, list: value.value("list").flatMap(listMessage))
            }
        case "wait":
            let validation = value.value("validate").flatMap { check -> ReplyValidation? in
                guard let kind = reader.string(check, "type").flatMap(ReplyValidation.Kind.init) else { return nil }
                return ReplyValidation(
                    kind: kind, pattern: reader.string(check, "pattern"), choices: reader.strings(check, "choices"),
                    reprompt: reader.string(check, "reprompt"), attempts: reader.int(check, "attempts") ?? 3)
            }
            action = .wait(save: reader.string(value, "save"), timeout: reader.duration(value, "timeout"), validation: validation)
        case "branch":
            let cases = (value.value("cases")?.items ?? []).compactMap { item -> Branch.Case? in
                guard let next = reader.located(item, "next") else { return nil }
                let condition: Branch.Condition
                if let text = reader.string(item, "equals") {
                    condition = .equals(text)
                } else if let text = reader.string(item, "contains") {
                    condition = .contains(text)
                } else if let text = reader.string(item, "regex") {
                    condition = .regex(text)
                } else if let range = item.value("range") {
                    condition = .range(min: reader.double(range, "min"), max: reader.double(range, "max"))
                } else {
                    condition = .hasValue(reader.bool(item, "hasValue", default: true))
                }
                return Branch.Case(condition: condition, next: next)
            }
            action = .branch(
                Branch(
                    value: reader.string(value, "value") ?? "<<flow.message>>", cases: cases,
                    defaultTarget: reader.located(value, "default") ?? Located("end", at: reader.location(keyNode))))
        case "set":
            var assignments: [String: String] = [:]
            for (key, item) in value.pairs ?? [] { if let key = key.text, let text = item.text { assignments[key] = text } }
            action = .set(assignments)
        case "delay":
            action = .delay(value.text.flatMap { try? DurationValue.parse($0).get() } ?? .zero)
        case "http":
            var headers: [String: String] = [:]
            for (key, item) in value.value("headers")?.pairs ?? [] { if let key = key.text, let text = item.text { headers[key] = text } }
            var save: [String: String] = [:]
            for (key, item) in value.value("save")?.pairs ?? [] { if let key = key.text, let text = item.text { save[key] = text } }
            action = .http(
                HTTPRequest(
                    method: reader.string(value, "method") ?? "GET", url: reader.string(value, "url") ?? "", headers: headers,
                    body: value.value("body").map(reader.spec), timeout: reader.duration(value, "timeout", default: .seconds(10)),
                    retries: reader.int(value, "retries") ?? 0, save: save))
        case "handoff":
            action = .handoff(duration: reader.duration(value, "for", default: .seconds(86_400)), note: reader.string(value, "note"))
        case "goto":
            action = .goto(Located(value.text ?? "", at: reader.location(value)))
        default:
            action = .end
        }
        return FlowNode(
            name: name, action: action, actionLocation: reader.location(keyNode),
            next: reader.located(node, "next"), error: reader.located(node, "error"), timeout: reader.located(node, "timeout"))
    }

    private func listMessage(_ node: Node) -> ListMessage? {
        guard let button = reader.located(node, "button") else { return nil }
        let sections = (node.value("sections")?.items ?? []).map { section in
            ListMessage.Section(
                title: reader.string(section, "title"),
                rows: (section.value("rows")?.items ?? []).compactMap { row in
                    guard let id = reader.string(row, "id"), let title = reader.located(row, "title") else { return nil }
                    return ListMessage.Row(id: id, title: title, description: reader.located(row, "description"))
                })
        }
        return ListMessage(button: button, sections: sections, location: reader.location(node))
    }
}
