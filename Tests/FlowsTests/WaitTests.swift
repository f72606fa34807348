import Foundation
import Manifest
import Templates
import Testing

@testable import Flows

@Suite("Wait nodes")
struct WaitTests {
    static func survey(attempts: Int = 3, timeoutEdge: Bool = true) throws -> Program {
        try FlowFixture.program(
            """
            kind: Flow
            name: survey
            triggers: [{ keywords: [survey] }]
            start: ask-age
            nodes:
              ask-age: { send: "How old are you?", next: age }
              age:
                wait:
                  save: age
                  timeout: 10m
                  validate: { type: number, reprompt: "'<<flow.message>>' is not a number, try again.", attempts: \(attempts) }
                next: thanks
                \(timeoutEdge ? "timeout: bye" : "")
              thanks: { send: "Thanks, <<vars.age>> it is.", next: end }
              bye: { send: "Maybe later.", next: end }
            """)
    }

    @Test("an invalid reply is re-prompted until a valid one is saved, typed")
    func reprompt() throws {
        var conversation = Conversation(try Self.survey())
        conversation.expect([
            (.start("survey"), ["send \"How old are you?\"", "timer #1 wait-timeout +600s"]),
            (.reply("abc"), ["send \"'abc' is not a number, try again.\""]),
            (.reply("forty"), ["send \"'forty' is not a number, try again.\""]),
            (.reply(" 42 "), ["cancel #1", "set age=42", "send \"Thanks, 42 it is.\"", "end completed"]),
        ])
        #expect(conversation.state?.vars["age"] == .int(42))
        #expect(conversation.state?.flowVariables.message == " 42 ")
    }

    @Test("the reply that uses up the attempts follows the timeout edge")
    func attemptsExhaustedWithEdge() throws {
        var conversation = Conversation(try Self.survey(attempts: 2))
        conversation.expect([
            (.start("survey"), ["send \"How old are you?\"", "timer #1 wait-timeout +600s"]),
            (.reply("abc"), ["send \"'abc' is not a number, try again.\""]),
            (.reply("def"), ["cancel #1", "send \"Maybe later.\"", "end completed"]),
        ])
    }

    @Test("without a timeout edge, running out of attempts ends the execution as invalid-reply")
    func attemptsExhaustedWithoutEdge() throws {
        var conversation = Conversation(try Self.survey(attempts: 1, timeoutEdge: false))
        conversation.expect([
            (.start("survey"), ["send \"How old are you?\"", "timer #1 wait-timeout +600s"]),
            (.reply("abc"), ["cancel #1", "end invalid-reply"]),
        ])
        #expect(conversation.state?.endReason == .invalidReply)
    }

    @Test("a choice defaults to the buttons of the send before it; ids and titles both pick it")
    func choiceFromButtons() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: pick
            triggers: [{ keywords: [pick] }]
            start: ask
            nodes:
              ask:
                send:
                  text: "Pick one"
                  buttons:
                    - { id: "yes", title: "Yes please" }
                    - { id: "no", title: "Nö" }
                next: answer
              answer:
                wait: { save: answer, validate: { type: choice, reprompt: "Please tap a button.", attempts: 5 } }
                next: done
              done: { send: "You chose <<vars.answer>>.", next: end }
            """)
        for (reply, id, saved) in [("YES PLEASE", nil, "yes"), ("Yes please", "yes", "yes"), ("no", nil, "no"), ("NO", nil, "no"), ("", "no", "no")] {
            var conversation = Conversation(program)
            conversation.expect([
                (.start("pick"), ["send \"Pick one\" buttons yes:Yes please, no:Nö"]),
                (.reply("maybe"), ["send \"Please tap a button.\""]),
                (.reply(reply, id: id), ["set answer=\(saved)", "send \"You chose \(saved).\"", "end completed"]),
            ])
        }
    }

    @Test("explicit choices replace the buttons")
    func explicitChoices() throws {
        let rule = ReplyRule(kind: .choice, pattern: nil, choices: [ChoiceOption(id: "Sí", aliases: [])], reprompt: nil, attempts: 3)
        #expect(ReplyCheck.accept(message("si"), by: rule) == "Sí")
        #expect(ReplyCheck.accept(message("yes", id: "yes"), by: rule) == nil)
    }

    @Test(
        "number replies",
        arguments: [
            ("42", TemplateValue.int(42)), ("-7", .int(-7)), ("3.5", .number(3.5)), ("3,5", .number(3.5)), (" +12 ", .int(12)),
            ("1.000.000", nil), ("12a", nil), ("", nil), ("-", nil), ("1.", nil), ("١٢", nil),
        ])
    func numbers(text: String, expected: TemplateValue?) {
        #expect(ReplyCheck.accept(message(text), by: rule(.number)) == expected)
    }

    @Test(
        "email replies",
        arguments: [
            ("ann@example.com", true), (" ann.lee+tag@mail.example.org ", true), ("ann@example", false), ("ann@@example.com", false),
            ("ann @example.com", false), ("@example.com", false), ("ann@example..com", false),
        ])
    func emails(text: String, isAccepted: Bool) {
        #expect((ReplyCheck.accept(message(text), by: rule(.email)) != nil) == isAccepted)
    }

    @Test(
        "phone replies are saved normalised",
        arguments: [
            ("+1 (555) 010-0001", "+15550100001"), ("0049 30 1234567", "+49301234567"), ("555.010.0001", "5550100001"), ("12", nil),
            ("call me", nil), ("+1 555 010 0001 ext 2", nil),
        ])
    func phones(text: String, expected: String?) {
        #expect(ReplyCheck.accept(message(text), by: rule(.phone)) == expected.map(TemplateValue.string))
    }

    @Test("regex replies match the pattern as written; without validation the tap's id is saved")
    func regexAndPlainReplies() throws {
        let pattern = try #require(CompiledRegex("^[0-9]{4,10}$"))
        let regexRule = ReplyRule(kind: .regex, pattern: pattern, choices: [], reprompt: nil, attempts: 3)
        #expect(ReplyCheck.accept(message(" 102345\n"), by: regexRule) == "102345")
        #expect(ReplyCheck.accept(message("12-34"), by: regexRule) == nil)
        #expect(ReplyCheck.accept(message("Opening hours", id: "hours"), by: nil) == "hours")
        #expect(ReplyCheck.accept(message("  free text "), by: nil) == "free text")
    }

    private func message(_ text: String, id: String? = nil) -> IncomingMessage {
        IncomingMessage(text: text, replyID: id, sender: "support", contactPhone: "+15550100001")
    }

    private func rule(_ kind: ReplyValidation.Kind) -> ReplyRule {
        ReplyRule(kind: kind, pattern: nil, choices: [], reprompt: nil, attempts: 3)
    }
}
