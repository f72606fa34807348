import Flows
import Foundation
import Manifest
import Testing

@Suite("Trigger index")
struct TriggerIndexTests {
    static func flow(_ name: String, _ triggers: String, extra: String = "") -> String {
        """
        kind: Flow
        name: \(name)
        \(extra)
        triggers: \(triggers)
        start: hello
        nodes:
          hello: { send: "\(name)", next: end }
        """
    }

    static let files: [String: String] = [
        "senders.yaml": """
        kind: Sender
        name: sales-1
        phone: "+15550100001"
        ---
        kind: Sender
        name: support
        phone: "+15550100003"
        """,
        "flows/greet.yaml": flow("greet", #"[{ keywords: [hi, hello, "Olá"], match: word }]"#),
        "flows/cafe.yaml": flow("cafe", #"[{ keywords: ["Café"], match: exact }]"#),
        "flows/status.yaml": flow("status", #"[{ keywords: [status], match: exact }]"#),
        "flows/order-status.yaml": flow("order-status", #"[{ keywords: ["order status"], match: word }]"#),
        "flows/orders.yaml": flow("orders", #"[{ keywords: [order], match: word }]"#),
        "flows/promo.yaml": flow("promo", #"[{ keywords: [promo], match: prefix }]"#),
        "flows/codes.yaml": flow("codes", #"[{ keywords: ["^[A-Z]{2}\\d{4}$"], match: regex }]"#),
        "flows/thumbs.yaml": flow("thumbs", #"[{ keywords: ["👍"], match: word }]"#),
        "flows/pricing.yaml": flow("pricing", #"[{ keywords: [price], match: word }]"#, extra: "senders: [sales-1]"),
        "flows/retired.yaml": flow("retired", #"[{ keywords: [retired] }]"#, extra: "active: false"),
        "flows/fallback.yaml": """
        kind: Flow
        name: fallback
        catchAll: true
        start: hello
        nodes:
          hello: { send: "fallback", next: end }
        """,
    ]

    static let index: Result<TriggerIndex, any Error> = Result { TriggerIndex(programs: try FlowFixture.programs(files)) }

    static func route(_ text: String, sender: String = "support") throws -> String {
        let message = IncomingMessage(text: text, sender: sender, contactPhone: "+15550100001")
        switch try index.get().route(message, active: nil) {
        case .start(let match, _): return "\(match.flow) (\(match.match.rawValue) \(match.keyword))"
        case .catchAll(let flow, _): return "catch-all \(flow)"
        case .resume: return "resume"
        case .noMatch: return "no match"
        }
    }

    @Test(
        "matching ignores case and accents, and punctuation around words",
        arguments: [
            ("cafe", "cafe (exact Café)"), ("CAFÉ", "cafe (exact Café)"), ("  Café!! ", "cafe (exact Café)"), ("¿cafe?", "cafe (exact Café)"),
            ("cafe please", "catch-all fallback"), ("STATUS", "status (exact status)"), ("Status?", "status (exact status)"),
            ("ola", "greet (word Olá)"), ("OLÁ, tudo bem?", "greet (word Olá)"), ("Hi there", "greet (word hi)"),
            ("I said hello.", "greet (word hello)"), ("this", "catch-all fallback"), ("shipping", "catch-all fallback"),
            ("Straße", "catch-all fallback"),
        ])
    func folding(text: String, expected: String) throws {
        #expect(try Self.route(text) == expected)
    }

    @Test(
        "emoji are words of their own, whatever their skin tone",
        arguments: [
            ("hi👋", "greet (word hi)"), ("👋hello👋", "greet (word hello)"), ("👍", "thumbs (word 👍)"), ("👍🏽", "thumbs (word 👍)"),
            ("thanks 👍!", "thumbs (word 👍)"), ("🔥ORDER🔥", "orders (word order)"), ("🎉🎉", "catch-all fallback"),
        ])
    func emoji(text: String, expected: String) throws {
        #expect(try Self.route(text) == expected)
    }

    @Test(
        "precedence: exact, word, prefix, regex; then the longer keyword; then the flow name",
        arguments: [
            ("order status", "order-status (word order status)"), ("ORDER-STATUS?", "order-status (word order status)"),
            ("what is my order status", "order-status (word order status)"), ("status of my order", "orders (word order)"),
            ("order... status", "order-status (word order status)"), ("promo order", "orders (word order)"),
            ("PROMO2024 now", "promo (prefix promo)"), ("my promo", "catch-all fallback"), ("AB1234", "codes (regex ^[A-Z]{2}\\d{4}$)"),
            ("ab1234", "codes (regex ^[A-Z]{2}\\d{4}$)"), ("AB12345", "catch-all fallback"), ("hi status", "greet (word hi)"),
        ])
    func precedence(text: String, expected: String) throws {
        #expect(try Self.route(text) == expected)
    }

    @Test("all matches are listed best first, each flow once")
    func allMatches() throws {
        let matches = try Self.index.get().matches(text: "promo: hello, order status", sender: "support")
        #expect(matches.map(\.flow) == ["order-status", "greet", "orders", "promo"])
    }

    @Test("a flow with senders only applies to them; inactive flows never match")
    func senders() throws {
        #expect(try Self.route("price?", sender: "sales-1") == "pricing (word price)")
        #expect(try Self.route("price?", sender: "support") == "catch-all fallback")
        #expect(try Self.route("retired") == "catch-all fallback")
        #expect(try Self.index.get().catchAllFlow(for: "anyone")?.flow == "fallback")
    }

    @Test("ten thousand keywords of every kind are found by lookup, each for its own flow")
    func tenThousandKeywords() throws {
        let base = try FlowFixture.flow(Self.flow("base", "[{ keywords: [base] }]"))
        let location = base.start.location
        var programs: [Program] = []
        let kinds: [Trigger.Match] = [.exact, .word, .prefix]
        for flowNumber in 0..<100 {
            var flow = base
            flow.header.name = "flow-\(flowNumber)"
            flow.triggers = kinds.map { kind in
                var trigger = base.triggers[0]
                trigger.match = kind
                trigger.keywords = (0..<34).map { Self.keyword(kind, flow: flowNumber, number: $0) }.filter { !$0.isEmpty }
                    .map { Located($0, at: location) }
                return trigger
            }
            programs.append(try FlowFixture.program(flow))
        }
        let index = TriggerIndex(programs: programs)
        var checked = 0
        for flowNumber in 0..<100 {
            for number in 0..<34 {
                for kind in kinds {
                    let keyword = Self.keyword(kind, flow: flowNumber, number: number)
                    guard !keyword.isEmpty else { continue }
                    let text =
                        switch kind {
                        case .exact: keyword.uppercased() + "!"
                        case .word: "well, \(keyword.uppercased()) please"
                        default: keyword + "-and-more"
                        }
                    let match = index.match(IncomingMessage(text: text, sender: "support", contactPhone: "+15550100001"))
                    #expect(match?.flow == "flow-\(flowNumber)", "\(text)")
                    #expect(match?.keyword == keyword)
                    checked += 1
                }
            }
        }
        #expect(checked == 10_000)
        #expect(index.match(IncomingMessage(text: "nothing here", sender: "support", contactPhone: "+1555")) == nil)
        #expect(index.match(IncomingMessage(text: "exact0001x0002 extra", sender: "support", contactPhone: "+1555")) == nil)
    }

    /// 100 flows × (34 exact + 34 word + 32 prefix) = 10,000 distinct keywords.
    static func keyword(_ kind: Trigger.Match, flow: Int, number: Int) -> String {
        let suffix = String(format: "%04dx%04d", flow, number)
        switch kind {
        case .exact: return "exact\(suffix)"
        case .word: return "word\(suffix)"
        default: return number < 32 ? "pre\(suffix)" : ""
        }
    }
}
