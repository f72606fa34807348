import Flows
import Foundation
import Testing

@Suite("Timers")
struct TimerTests {
    static let twoQuestions = """
        kind: Flow
        name: profile
        triggers: [{ keywords: [profile] }]
        start: ask-name
        nodes:
          ask-name: { send: "Your name?", next: name }
          name: { wait: { save: name, timeout: 10m }, next: ask-city, timeout: bye }
          ask-city: { send: "Your city?", next: city }
          city: { wait: { save: city, timeout: 1h }, next: pause, timeout: bye }
          pause: { delay: 1d2h, next: thanks }
          thanks: { send: "Thanks <<vars.name>> from <<vars.city>>!", next: end }
          bye: { send: "Never mind.", next: end }
        """

    @Test("timers fire at now plus the duration, and the clock is whatever the caller says")
    func fireTimes() throws {
        var conversation = Conversation(try FlowFixture.program(Self.twoQuestions))
        let start = conversation.now
        _ = conversation.play(.start("profile"))
        #expect(conversation.state?.timer?.fireAt == start.addingTimeInterval(600))
        conversation.expect([
            (.advance(.seconds(599)), []),
            (.reply("Ann"), ["cancel #1", "set name=Ann", "send \"Your city?\"", "timer #2 wait-timeout +3600s"]),
            (.reply("Oslo"), ["cancel #2", "set city=Oslo", "timer #3 delay +93600s"]),
            (.timerFires, ["send \"Thanks Ann from Oslo!\"", "end completed"]),
        ])
        #expect(conversation.now == start.addingTimeInterval(599 + 93_600))
    }

    @Test("a timer that was cancelled or replaced is ignored")
    func staleTimers() throws {
        var conversation = Conversation(try FlowFixture.program(Self.twoQuestions))
        conversation.expect([
            (.start("profile"), ["send \"Your name?\"", "timer #1 wait-timeout +600s"]),
            (.reply("Ann"), ["cancel #1", "set name=Ann", "send \"Your city?\"", "timer #2 wait-timeout +3600s"]),
            (.timer(1), ["ignored stale-timer"]),
            (.timer(7), ["ignored stale-timer"]),
            (.timer(2), ["send \"Never mind.\"", "end completed"]),
            (.timer(2), ["ignored ended"]),
        ])
    }

    @Test("a wait timeout follows the timeout edge, or ends the execution as timed-out")
    func waitTimeout() throws {
        var conversation = Conversation(try FlowFixture.program(Self.twoQuestions))
        conversation.expect([
            (.start("profile"), ["send \"Your name?\"", "timer #1 wait-timeout +600s"]),
            (.timerFires, ["send \"Never mind.\"", "end completed"]),
        ])

        let silent = try FlowFixture.program(
            """
            kind: Flow
            name: silent
            triggers: [{ keywords: [silent] }]
            start: wait
            nodes:
              wait: { wait: { timeout: 30s }, next: end }
            """)
        var other = Conversation(silent)
        other.expect([
            (.start("silent"), ["timer #1 wait-timeout +30s"]),
            (.timerFires, ["end timed-out"]),
        ])
    }

    @Test("a delay holds messages off and resumes at next only on its own timer")
    func delay() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: slow
            triggers: [{ keywords: [slow] }]
            start: first
            nodes:
              first: { send: "a", next: pause }
              pause: { delay: 2s, next: second }
              second: { send: "b", next: end }
            """)
        var conversation = Conversation(program)
        conversation.expect([
            (.start("slow"), ["send \"a\"", "timer #1 delay +2s"]),
            (.reply("hello?"), ["ignored not-waiting-for-reply"]),
            (.timer(99), ["ignored stale-timer"]),
            (.httpResult(id: 1, status: 200), ["ignored stale-http-result"]),
            (.timerFires, ["send \"b\"", "end completed"]),
        ])
        #expect(conversation.state?.timer == nil)
    }
}
