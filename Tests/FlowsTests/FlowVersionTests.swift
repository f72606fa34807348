import Flows
import Foundation
import Manifest
import Testing

@Suite("Flow versions")
struct FlowVersionTests {
    static let original = """
        kind: Flow
        name: greeter
        description: Says hello
        senders: [sales-1, support]
        triggers:
          - keywords: [hi, hello]
            match: word
        start: ask
        nodes:
          ask:
            send: "What's your name?"
            next: name
          name:
            wait: { save: name, timeout: 10m }
            next: greet
            timeout: bye
          greet:
            send: "Hello <<vars.name>>!"
            next: end
          bye:
            send: "Bye."
            next: end
        """

    /// The same flow: flow style, other key and node order, quoting, comments, senders reordered,
    /// another description, switched off, in another file.
    static let reformatted = """
        # moved and reformatted
        kind: Flow
        name: "greeter"
        active: false
        description: Greets people who say hi
        start: ask
        triggers: [{ match: word, keywords: ["hi", 'hello'] }]
        senders: [support, sales-1]
        nodes:
          bye: { next: end, send: 'Bye.' }


          greet: { send: "Hello <<vars.name>>!", next: "end" }   # the greeting
          name: { timeout: bye, next: greet, wait: { timeout: 10m, save: name } }
          ask: { send: "What's your name?", next: name }
        """

    static let senders = """
        kind: Sender
        name: sales-1
        phone: "+15550100001"
        ---
        kind: Sender
        name: support
        phone: "+15550100003"
        """

    static func version(_ yaml: String, file: String = "flows/greeter.yaml") throws -> String {
        let flows = try FlowFixture.flows(["senders.yaml": senders, file: yaml])
        return FlowVersion.of(try #require(flows.first))
    }

    @Test("the version is a SHA-256 in hex")
    func shape() throws {
        let version = try Self.version(Self.original)
        #expect(version.count == 64)
        #expect(version.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("moving, reformatting, reordering, describing or deactivating a flow keeps its version and numbering")
    func stableUnderReformatting() throws {
        let original = try FlowFixture.program(try FlowFixture.flows(["senders.yaml": Self.senders, "flows/greeter.yaml": Self.original])[0])
        let moved = try FlowFixture.program(try FlowFixture.flows(["senders.yaml": Self.senders, "elsewhere/deep/x.yml": Self.reformatted])[0])
        #expect(original.version == moved.version)
        #expect(original.states.map(\.name) == moved.states.map(\.name))
        #expect(original.start == moved.start)
        #expect(original.dump().replacingOccurrences(of: "active true", with: "active false") == moved.dump())
    }

    @Test(
        "any change of behaviour makes a new version",
        arguments: [
            ("send: \"What's your name?\"", "send: \"What is your name?\""),
            ("timeout: 10m", "timeout: 11m"),
            ("timeout: bye", "timeout: greet"),
            ("save: name", "save: firstName"),
            ("keywords: [hi, hello]", "keywords: [hi, hey]"),
            ("match: word", "match: exact"),
            ("senders: [sales-1, support]", "senders: [support]"),
            ("start: ask", "start: name"),
            ("name: greeter", "name: greeter-2"),
            ("description: Says hello", "stepLimit: 50"),
            ("description: Says hello", "interruptible: false"),
            ("    next: end\n  bye:", "    next: bye\n  bye:"),
        ])
    func changedByBehaviour(from: String, to: String) throws {
        let changed = Self.original.replacingOccurrences(of: from, with: to)
        #expect(changed != Self.original, "the replacement must apply")
        #expect(try Self.version(changed) != Self.version(Self.original))
    }
}
