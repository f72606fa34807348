import Foundation
import Templates
import Testing

@testable import Flows
@testable import Manifest

@Suite("Flow compiler")
struct CompilerTests {
    static let yaml = """
        kind: Flow
        name: shop
        triggers: [{ keywords: [shop] }]
        start: menu
        nodes:
          menu:
            send:
              text: "Hi <<contact.name>>, what do you need?"
              list:
                button: Choose
                sections:
                  - title: Orders
                    rows:
                      - { id: track, title: "Track an order" }
                      - { id: return, title: "Return <<vars.item>>" }
            next: pick
          pick:
            wait: { save: topic, validate: { type: choice } }
            next: route
          route:
            branch:
              value: "<<vars.topic>>"
              cases:
                - { equals: track, next: end }
              default: menu
        """

    @Test("states are numbered by node name, with edges resolved to numbers and the reserved end")
    func numbering() throws {
        let program = try FlowFixture.program(Self.yaml)
        #expect(program.states.map(\.name) == ["menu", "pick", "route"])
        #expect(program.states.map(\.number) == [0, 1, 2])
        #expect(program.start == 0)
        #expect(program.states[0].instruction.edges.map(\.target) == [.state(1)])
        #expect(program.states[2].instruction.edges.map(\.label) == ["cases[0].next", "default"])
        #expect(program.states[2].instruction.edges.map(\.target) == [.end, .state(0)])
    }

    @Test("templates are parsed once, at compile time")
    func precompiledTemplates() throws {
        let program = try FlowFixture.program(Self.yaml)
        guard case .send(let message, _) = program.states[0].instruction else {
            Issue.record("expected a send")
            return
        }
        #expect(message.text?.variables.map(\.description) == ["contact.name"])
        #expect(message.list?.sections.first?.rows.map(\.title.isConstant) == [true, false])
    }

    @Test("a choice without choices takes the ids of the buttons or rows sent before it; constant titles are aliases")
    func defaultChoices() throws {
        let program = try FlowFixture.program(Self.yaml)
        guard case .wait(let wait) = program.states[1].instruction else {
            Issue.record("expected a wait")
            return
        }
        #expect(wait.validation?.choices == [ChoiceOption(id: "track", aliases: ["Track an order"]), ChoiceOption(id: "return", aliases: [])])
    }

    @Test("a template error that slipped past validation is a diagnostic at the node, and no program")
    func templateError() throws {
        var flow = try FlowFixture.flow(Self.yaml)
        let menu = try #require(flow.nodes.firstIndex { $0.name.value == "menu" })
        flow.nodes[menu].action = .send(MessageContent(text: "Hi <<contact.name"), buttons: [], list: nil)
        let compilation = FlowCompiler().compile(flow)
        #expect(compilation.program == nil)
        let diagnostic = try #require(compilation.diagnostics.first)
        #expect(diagnostic.code == "template.unbalanced")
        #expect(diagnostic.isError)
        #expect(diagnostic.location == flow.nodes[menu].actionLocation)
        #expect(diagnostic.resource == "Flow/shop")
        #expect(diagnostic.fieldPath == "nodes.menu.send.text")
    }

    @Test("a bad regex, an unknown edge or start, and a malformed secret reference are errors")
    func otherErrors() throws {
        var flow = try FlowFixture.flow(Self.yaml)
        let route = try #require(flow.nodes.firstIndex { $0.name.value == "route" })
        let pick = try #require(flow.nodes.firstIndex { $0.name.value == "pick" })
        let at = flow.nodes[route].actionLocation
        flow.nodes[route].action = .branch(
            Branch(
                value: "<<vars.topic>>", cases: [Branch.Case(condition: .regex("(unclosed"), next: Located("end", at: at))],
                defaultTarget: Located("nowhere", at: at)))
        flow.nodes[pick].action = .http(
            HTTPRequest(
                method: "get", url: "https://x.example", headers: ["Authorization": "Bearer ${vault:x}"], body: nil, timeout: .seconds(1), retries: 0,
                save: [:]))
        flow.start = Located("missing", at: flow.start.location)
        let compilation = FlowCompiler().compile(flow)
        #expect(compilation.program == nil)
        #expect(
            Set(compilation.diagnostics.map(\.code.rawValue)) == [
                "flow.invalid-regex", "flow.unknown-node", "flow.unknown-start", "secret.invalid-reference",
            ])
        #expect(compilation.diagnostics.allSatisfy { $0.resource == "Flow/shop" })
    }

    @Test("a choice with nothing to choose from is a warning; the program still compiles")
    func choiceWithoutChoices() throws {
        var flow = try FlowFixture.flow(Self.yaml)
        let menu = try #require(flow.nodes.firstIndex { $0.name.value == "menu" })
        flow.nodes[menu].action = .send(MessageContent(text: "What do you need?"), buttons: [], list: nil)
        let compilation = FlowCompiler().compile(flow)
        #expect(compilation.program != nil)
        #expect(compilation.diagnostics.map(\.code) == [.missingField])
        #expect(compilation.diagnostics.first?.severity == .warning)
    }

    @Test("compiling many flows keeps the good programs and gathers every diagnostic")
    func compileMany() throws {
        let good = try FlowFixture.flow(Self.yaml)
        var bad = good
        bad.header.name = "bad"
        bad.start = Located("nope", at: bad.start.location)
        let (programs, diagnostics) = FlowCompiler().compile([good, bad])
        #expect(programs.map(\.name) == ["shop"])
        #expect(diagnostics.map(\.resource) == ["Flow/bad"])
    }
}
