import Foundation

/// Flow graph rules: start and edges resolve, every node is reachable, no loop spins
/// without waiting, keywords are unambiguous per sender, and messages fit the
/// provider's limits.
struct FlowRules {
    func run(_ context: inout RuleContext) {
        let flows = context.configuration.flows
        let gotoTargets = Set(
            flows.flatMap { flow in
                flow.nodes.compactMap { node -> String? in
                    if case .goto(let target) = node.action { return target.value }
                    return nil
                }
            })
        for flow in flows where flow.isActive && flow.triggers.isEmpty && !flow.isCatchAll && !gotoTargets.contains(flow.header.name) {
            context.warning(
                .noTrigger, "flow '\(flow.header.name)' has no trigger and no flow goes to it, so it never runs", at: flow.header.nameLocation,
                length: flow.header.name.count, resource: flow.header, help: "add `triggers:` with keywords, or `catchAll: true`")
        }
        checkKeywordConflicts(flows, senders: context.configuration.senders.map(\.header.name), &context)
    }

    /// The checks that need nothing but the flow itself; the loader runs them in
    /// parallel, file by file.
    func checkFlow(_ flow: Flow, _ context: inout RuleContext) {
        checkGraph(flow, &context)
        checkTriggerPatterns(flow, &context)
        for node in flow.nodes { checkLimits(node, in: flow, &context) }
    }

    // MARK: Graph

    private func checkGraph(_ flow: Flow, _ context: inout RuleContext) {
        let header = flow.header
        let names = flow.nodes.map(\.name.value)
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil { indexByName[name] = index }
        let start = indexByName[flow.start.value]
        if start == nil {
            context.error(
                .unknownStartNode, "flow '\(header.name)' starts at '\(flow.start.value)', which is not one of its nodes",
                at: flow.start.location, length: flow.start.value.count, resource: header, fieldPath: "start",
                help: Suggestion.help(for: flow.start.value, among: names) ?? "nodes: " + names.prefix(8).joined(separator: ", "))
        }
        // The graph once, as indexes: successors[i] lists the nodes node i can go to.
        var successors: [[Int]] = []
        successors.reserveCapacity(names.count)
        for node in flow.nodes {
            var targets: [Int] = []
            for (label, target) in node.edges {
                if let index = indexByName[target.value] {
                    targets.append(index)
                } else if target.value != "end" {
                    context.error(
                        .unknownNode, "node '\(node.name.value)' goes to '\(target.value)', which is not a node of flow '\(header.name)'",
                        at: target.location, length: target.value.count, resource: header, fieldPath: "nodes.\(node.name.value).\(label)",
                        help: Suggestion.help(for: target.value, among: names + ["end"]) ?? "targets are node names or 'end'")
                }
            }
            successors.append(targets)
            checkEdges(node, flow: header, &context)
        }

        if let start {
            var reached = [Bool](repeating: false, count: names.count)
            var queue = [start]
            while let index = queue.popLast() {
                guard !reached[index] else { continue }
                reached[index] = true
                queue += successors[index].filter { !reached[$0] }
            }
            for (index, node) in flow.nodes.enumerated() where !reached[index] {
                context.warning(
                    .unreachableNode, "node '\(node.name.value)' cannot be reached from '\(flow.start.value)'", at: node.name.location,
                    length: node.name.value.count, resource: header, fieldPath: "nodes.\(node.name.value)",
                    help: "point an edge at it, or remove it")
            }
        }

        let pauses = flow.nodes.map(\.action.yields)
        for cycle in Self.cyclesWithoutPause(successors: successors, pauses: pauses) {
            let first = flow.nodes[cycle[0]]
            let path = (cycle + [cycle[0]]).map { names[$0] }.joined(separator: " -> ")
            context.error(
                .busyLoop, "nodes \(path) form a loop with no wait or delay", at: first.name.location, length: first.name.value.count,
                resource: header, fieldPath: "nodes.\(first.name.value)",
                notes: ["each pass runs at once, so the loop would spin until the step limit (\(flow.stepLimit)) ends the execution"],
                help: "put a wait or a delay node on the loop, or end it")
        }
    }

    /// Strongly connected components (Tarjan) that contain a cycle and no pausing node,
    /// each as node indexes in ascending (source) order, sorted by their first node.
    static func cyclesWithoutPause(successors: [[Int]], pauses: [Bool]) -> [[Int]] {
        let count = successors.count
        var nextIndex = 0
        var indices = [Int](repeating: -1, count: count)
        var lowLinks = [Int](repeating: 0, count: count)
        var stack: [Int] = []
        var onStack = [Bool](repeating: false, count: count)
        var result: [[Int]] = []

        func connect(_ node: Int) {
            indices[node] = nextIndex
            lowLinks[node] = nextIndex
            nextIndex += 1
            stack.append(node)
            onStack[node] = true
            for next in successors[node] {
                if indices[next] < 0 {
                    connect(next)
                    lowLinks[node] = min(lowLinks[node], lowLinks[next])
                } else if onStack[next] {
                    lowLinks[node] = min(lowLinks[node], indices[next])
                }
            }
            guard lowLinks[node] == indices[node] else { return }
            var component: [Int] = []
            while let top = stack.popLast() {
                onStack[top] = false
                component.append(top)
                if top == node { break }
            }
            let isCycle = component.count > 1 || successors[node].contains(node)
            if isCycle, !component.contains(where: { pauses[$0] }) { result.append(component.sorted()) }
        }

        for node in 0..<count where indices[node] < 0 { connect(node) }
        return result.sorted { $0[0] < $1[0] }
    }

    private func checkEdges(_ node: FlowNode, flow: ResourceHeader, _ context: inout RuleContext) {
        let path = "nodes.\(node.name.value)"
        func misplaced(_ edge: Located<String>?, _ label: String, _ help: String) {
            guard let edge else { return }
            context.error(
                .invalidEdge, "'\(label)' never applies to a \(node.action.keyword) node", at: edge.location, length: edge.value.count,
                resource: flow, fieldPath: "\(path).\(label)", help: help)
        }
        switch node.action {
        case .http:
            misplaced(node.timeout, "timeout", "a timeout edge belongs to wait nodes; an http node follows 'error' when it fails or times out")
        case .wait(_, let timeout, _):
            misplaced(node.error, "error", "an error edge belongs to http nodes")
            if timeout == nil, let edge = node.timeout {
                context.error(
                    .invalidEdge, "the 'timeout' edge never fires: this wait has no timeout", at: edge.location, length: edge.value.count,
                    resource: flow, fieldPath: "\(path).timeout", help: "add `timeout: 10m` (or another duration) inside 'wait'")
            }
            if timeout != nil, node.timeout == nil {
                context.warning(
                    .invalidEdge, "this wait times out but has no 'timeout' edge, so the execution ends silently",
                    at: node.actionLocation, length: 4, resource: flow, fieldPath: "\(path).timeout",
                    help: "add `timeout: NODE` to say what happens when nobody answers")
            }
        case .branch:
            misplaced(node.next, "next", "a branch continues through its cases and 'default'")
            misplaced(node.error, "error", "an error edge belongs to http nodes")
            misplaced(node.timeout, "timeout", "a timeout edge belongs to wait nodes")
        case .goto, .end, .handoff:
            misplaced(node.next, "next", "a \(node.action.keyword) node finishes this flow's execution; remove 'next'")
            misplaced(node.error, "error", "an error edge belongs to http nodes")
            misplaced(node.timeout, "timeout", "a timeout edge belongs to wait nodes")
        case .send, .set, .delay:
            misplaced(node.error, "error", "an error edge belongs to http nodes")
            misplaced(node.timeout, "timeout", "a timeout edge belongs to wait nodes")
        }
    }

    // MARK: Triggers

    private func checkTriggerPatterns(_ flow: Flow, _ context: inout RuleContext) {
        for trigger in flow.triggers where trigger.match == .regex {
            for keyword in trigger.keywords where (try? NSRegularExpression(pattern: keyword.value)) == nil {
                context.error(
                    .invalidRegex, "'\(keyword.value)' is not a valid regular expression", at: keyword.location, length: keyword.value.count,
                    resource: flow.header, fieldPath: "triggers",
                    help: "with match: regex each keyword is an ICU pattern; escape ( ) [ ] . * + ? with a backslash")
            }
        }
    }

    /// Two active flows may not claim the same keyword (or both be catch-all) on one sender.
    private func checkKeywordConflicts(_ flows: [Flow], senders: [String], _ context: inout RuleContext) {
        struct Claim { var flow: Flow; var keyword: Located<String> }
        /// Who holds a keyword on which sender. Most keywords have one claim, kept as is;
        /// only a second claim expands it into one owner per sender.
        enum Owners {
            case single(Claim, senders: [String])
            case perSender([String: Claim])
        }
        var owners: [String: Owners] = [:]
        var catchAll: [String: Flow] = [:]
        let ordered = flows.filter(\.isActive).flatMap { flow in
            flow.triggers.filter { $0.match != .regex }.flatMap { trigger in trigger.keywords.map { (flow, $0) } }
        }.sorted { $0.1.location < $1.1.location }
        for (flow, keyword) in ordered {
            let normalized = Self.normalize(keyword.value)
            let flowSenders = flow.senders?.map(\.value) ?? senders
            var claims: [String: Claim]
            switch owners[normalized] {
            case nil:
                owners[normalized] = .single(Claim(flow: flow, keyword: keyword), senders: flowSenders)
                continue
            case .single(let claim, let claimed)?:
                claims = Dictionary(claimed.map { ($0, claim) }, uniquingKeysWith: { first, _ in first })
            case .perSender(let existing)?:
                claims = existing
            }
            for sender in flowSenders {
                if let claim = claims[sender] {
                    guard claim.flow.header.name != flow.header.name else { continue }
                    context.error(
                        .keywordConflict, "keyword '\(keyword.value)' is already claimed by flow '\(claim.flow.header.name)' on sender '\(sender)'",
                        at: keyword.location, length: keyword.value.count, resource: flow.header, fieldPath: "triggers",
                        notes: ["claimed at \(claim.keyword.location)"],
                        help: "remove it from one flow, or give the flows different senders")
                    break
                }
                claims[sender] = Claim(flow: flow, keyword: keyword)
            }
            owners[normalized] = .perSender(claims)
        }
        for flow in flows.filter({ $0.isActive && $0.isCatchAll }).sorted(by: { $0.header.location < $1.header.location }) {
            for sender in flow.senders?.map(\.value) ?? senders {
                if let first = catchAll[sender] {
                    context.error(
                        .keywordConflict, "flows '\(first.header.name)' and '\(flow.header.name)' are both catch-all on sender '\(sender)'",
                        at: flow.header.nameLocation, length: flow.header.name.count, resource: flow.header, fieldPath: "catchAll",
                        help: "keep one catch-all flow per sender")
                    break
                }
                catchAll[sender] = flow
            }
        }
    }

    /// Case- and accent-insensitive form of a keyword, as matching will see it.
    static func normalize(_ keyword: String) -> String {
        keyword.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).trimmingSpaces
    }

    // MARK: Provider limits

    private func checkLimits(_ node: FlowNode, in flow: Flow, _ context: inout RuleContext) {
        guard case .send(let content, let buttons, let list) = node.action else { return }
        let path = "nodes.\(node.name.value).send"
        let limits = ProviderLimits()
        if let text = content.text { limits.checkText(text, at: node.actionLocation, resource: flow.header, field: path, &context) }
        if !buttons.isEmpty || list != nil, content.text == nil {
            context.error(
                .missingField, "interactive messages need a 'text' body", at: node.actionLocation, length: 4, resource: flow.header,
                fieldPath: "\(path).text", help: "add `text:` with the question the buttons answer")
        }
        if buttons.count > limits.maximumButtons {
            context.error(
                .providerLimit, "\(buttons.count) buttons; WhatsApp allows at most \(limits.maximumButtons)",
                at: buttons[limits.maximumButtons].title.location,
                resource: flow.header, fieldPath: "\(path).buttons", help: "use a list message for more than three choices")
        }
        var ids: Set<String> = []
        for button in buttons {
            limits.checkLabel(
                button.title, limit: limits.maximumButtonTitle, what: "button title", resource: flow.header, field: "\(path).buttons", &context)
            if !ids.insert(button.id).inserted {
                context.error(
                    .duplicateEntry, "button id '\(button.id)' is used twice", at: button.title.location, resource: flow.header,
                    fieldPath: "\(path).buttons", help: "ids tell the replies apart; make them unique")
            }
        }
        if let list {
            limits.checkLabel(
                list.button, limit: limits.maximumButtonTitle, what: "list button", resource: flow.header, field: "\(path).list.button", &context)
            if list.sections.count > limits.maximumSections {
                context.error(
                    .providerLimit, "\(list.sections.count) sections; WhatsApp allows at most \(limits.maximumSections)", at: list.location,
                    resource: flow.header, fieldPath: "\(path).list.sections")
            }
            let rows = list.sections.flatMap(\.rows)
            if rows.count > limits.maximumRows {
                context.error(
                    .providerLimit, "\(rows.count) rows; WhatsApp allows at most \(limits.maximumRows) in all sections together",
                    at: rows[limits.maximumRows].title.location, resource: flow.header, fieldPath: "\(path).list.sections",
                    help: "split the choices over two messages")
            }
            var rowIDs: Set<String> = []
            for row in rows {
                limits.checkLabel(row.title, limit: limits.maximumRowTitle, what: "row title", resource: flow.header, field: "\(path).list", &context)
                if let description = row.description {
                    limits.checkLabel(
                        description, limit: limits.maximumRowDescription, what: "row description", resource: flow.header, field: "\(path).list",
                        &context)
                }
                if !rowIDs.insert(row.id).inserted {
                    context.error(
                        .duplicateEntry, "row id '\(row.id)' is used twice", at: row.title.location, resource: flow.header,
                        fieldPath: "\(path).list", help: "ids tell the replies apart; make them unique")
                }
            }
        }
    }
}

/// The WhatsApp limits that can be checked where the text is static.
struct ProviderLimits {
    let maximumText = 4096
    let maximumButtons = 3
    let maximumButtonTitle = 20
    let maximumSections = 10
    let maximumRows = 10
    let maximumRowTitle = 24
    let maximumRowDescription = 72

    func checkText(_ text: String, at location: SourceLocation, resource: ResourceHeader, field: String, _ context: inout RuleContext) {
        guard text.count > maximumText else { return }
        context.error(
            .providerLimit, "the text has \(text.count) characters; WhatsApp allows at most \(maximumText)", at: location,
            resource: resource, fieldPath: field, help: "shorten it or split it into two messages")
    }

    func checkLabel(_ label: Located<String>, limit: Int, what: String, resource: ResourceHeader, field: String, _ context: inout RuleContext) {
        guard !label.value.containsInsertionOpener, label.value.count > limit else { return }
        context.error(
            .providerLimit, "the \(what) '\(label.value)' has \(label.value.count) characters; WhatsApp allows at most \(limit)",
            at: label.location, length: label.value.count, resource: resource, fieldPath: field, help: "shorten it")
    }
}
