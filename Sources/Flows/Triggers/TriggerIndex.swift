import Manifest

/// Finds the flow an inbound message starts, among the triggers of every active program.
///
/// Lookups do not scan keywords: `exact` keywords are one hash lookup of the message's
/// phrase, `word` keywords one lookup per word of the message (a multi-word keyword is
/// found by its first word, then compared word by word), `prefix` keywords one walk of a
/// trie along the message. Only `regex` triggers are tried one by one, against the message
/// as written and as folded, case-insensitively.
///
/// **Text rules**, the same for keywords and messages: case, accents and width are folded
/// away (`Café`, `CAFE` and `cafe` are one word; `Straße` is `strasse`), and so are emoji
/// skin tones and variation selectors. Words are runs of letters and digits; each symbol or
/// emoji is a word of its own (`thanks👍` is `thanks`, `👍`); spaces and punctuation only
/// separate. `exact` compares the words of the whole message (`Status?!` equals `status`),
/// `word` finds the keyword's words consecutively anywhere (`Order-status` contains
/// `order status`), and `prefix` compares the start of the words joined by single spaces
/// (`PROMO2024 now` starts with `promo`; `my promo` does not).
///
/// **Precedence**, when several flows match: `exact` before `word` before `prefix` before
/// `regex`; within a kind, the longer keyword (in folded characters); then the flow whose
/// name sorts first. A flow applies to a sender when its `senders` is nil or lists it.
/// Inactive programs are left out.
public struct TriggerIndex: Sendable {
    struct FlowInfo: Sendable {
        var name: String
        var version: String
        var senders: Set<String>?

        func applies(to sender: String) -> Bool { senders?.contains(sender) ?? true }
    }

    struct Entry: Sendable {
        /// Index into `flows`, which is sorted by name, so a smaller index wins a tie.
        var flow: Int
        var keyword: String
        var match: Trigger.Match
        /// Folded length, for precedence.
        var length: Int
        /// For multi-word `word` keywords, the words after the first.
        var followingWords: [String] = []
    }

    struct Pattern: Sendable {
        var regex: CompiledRegex
        var entry: Entry
    }

    private var flows: [FlowInfo] = []
    private var exact: [String: [Entry]] = [:]
    private var words: [String: [Entry]] = [:]
    private var prefixes = PrefixTrie<Entry>()
    private var patterns: [Pattern] = []
    private var catchAll: [Int] = []

    /// Indexes the triggers of every active program in `programs`.
    public init(programs: [Program]) {
        let active = programs.filter(\.isActive).sorted { $0.name < $1.name }
        flows = active.map { FlowInfo(name: $0.name, version: $0.version, senders: $0.senders.map(Set.init)) }
        for (flow, program) in active.enumerated() {
            if program.isCatchAll { catchAll.append(flow) }
            for trigger in program.triggers { add(trigger, flow: flow) }
        }
    }

    private mutating func add(_ trigger: CompiledTrigger, flow: Int) {
        if trigger.match == .regex {
            for regex in trigger.patterns {
                patterns.append(Pattern(regex: regex, entry: Entry(flow: flow, keyword: regex.pattern, match: .regex, length: 0)))
            }
            return
        }
        for keyword in trigger.keywords {
            let folded = KeywordText.fold(keyword)
            switch trigger.match {
            case .exact:
                let phrase = KeywordText.phrase(folded)
                exact[phrase, default: []].append(Entry(flow: flow, keyword: keyword, match: .exact, length: phrase.count))
            case .word:
                let keywordWords = KeywordText.words(folded)
                guard let first = keywordWords.first else { continue }
                let length = keywordWords.joined(separator: " ").count
                words[first, default: []].append(
                    Entry(flow: flow, keyword: keyword, match: .word, length: length, followingWords: Array(keywordWords.dropFirst())))
            case .prefix:
                let phrase = KeywordText.phrase(folded)
                prefixes.insert(phrase, Entry(flow: flow, keyword: keyword, match: .prefix, length: phrase.count))
            case .regex:
                break
            }
        }
    }

    /// The best trigger match for `message` on its sender, by the precedence above.
    public func match(_ message: IncomingMessage) -> TriggerMatch? {
        matches(text: message.text, sender: message.sender).first
    }

    /// Every trigger match for `text` on `sender`, best first; each flow once, with its best match.
    public func matches(text: String, sender: String) -> [TriggerMatch] {
        let folded = KeywordText.fold(text)
        let messageWords = KeywordText.words(folded)
        let phrase = messageWords.isEmpty ? KeywordText.phrase(folded) : messageWords.joined(separator: " ")
        var candidates: [Entry] = exact[phrase] ?? []
        for (position, word) in messageWords.enumerated() {
            for entry in words[word] ?? [] {
                let end = position + 1 + entry.followingWords.count
                guard end <= messageWords.count, messageWords[(position + 1)..<end].elementsEqual(entry.followingWords) else { continue }
                candidates.append(entry)
            }
        }
        candidates += prefixes.prefixes(of: phrase)
        for pattern in patterns where flows[pattern.entry.flow].applies(to: sender) {
            if pattern.regex.matches(text) || pattern.regex.matches(folded) { candidates.append(pattern.entry) }
        }
        var seen: Set<Int> = []
        return
            candidates
            .filter { flows[$0.flow].applies(to: sender) }
            .sorted(by: Self.precedes)
            .filter { seen.insert($0.flow).inserted }
            .map { TriggerMatch(flow: flows[$0.flow].name, version: flows[$0.flow].version, keyword: $0.keyword, match: $0.match) }
    }

    /// The catch-all flow for `sender`: the first by name when several apply.
    public func catchAllFlow(for sender: String) -> (flow: String, version: String)? {
        catchAll.lazy.map { self.flows[$0] }.first { $0.applies(to: sender) }.map { ($0.name, $0.version) }
    }

    /// Decides what an inbound message does.
    ///
    /// The contact's active execution on this sender (`active`; an ended one counts as
    /// none) gets the message, unless a trigger matches and the execution is interruptible:
    /// then the matched flow starts and the active execution ends as interrupted (this holds
    /// for the same flow too, which restarts it). Without an active execution, a trigger
    /// starts its flow, else the catch-all flow, else nothing matches. Every trigger kind
    /// may interrupt, `regex` included, so a broad pattern interrupts waits as often as it matches.
    public func route(_ message: IncomingMessage, active: ExecutionState?) -> Route {
        if let active, !active.hasEnded {
            if active.isInterruptible, let match = match(message) { return .start(match, interrupting: true) }
            return .resume
        }
        if let match = match(message) { return .start(match, interrupting: false) }
        if let catchAll = catchAllFlow(for: message.sender) { return .catchAll(flow: catchAll.flow, version: catchAll.version) }
        return .noMatch
    }

    private static func precedes(_ lhs: Entry, _ rhs: Entry) -> Bool {
        let lhsRank = rank(lhs.match)
        let rhsRank = rank(rhs.match)
        if lhsRank != rhsRank { return lhsRank < rhsRank }
        if lhs.length != rhs.length { return lhs.length > rhs.length }
        return lhs.flow < rhs.flow
    }

    private static func rank(_ match: Trigger.Match) -> Int {
        switch match {
        case .exact: 0
        case .word: 1
        case .prefix: 2
        case .regex: 3
        }
    }
}
