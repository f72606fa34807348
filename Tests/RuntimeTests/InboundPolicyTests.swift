import Foundation
import Manifest
import Testing

@testable import Runtime

@Suite("Opt-out words")
struct ConsentWordsTests {
    let words = ConsentWords(Settings.defaults)

    @Test(arguments: ["STOP", "stop", "Stop!", " stop. ", "STÓP", "Stopp", "arrêt", "Désabonner", "baja"])
    func optsOut(_ text: String) {
        #expect(words.consent(in: text) == .optOut)
    }

    @Test(arguments: ["START", "start", "Start!", "unstop"])
    func optsIn(_ text: String) {
        #expect(words.consent(in: text) == .optIn)
    }

    @Test(arguments: ["please stop sending", "stop it now", "bus stop", "", "🛑", "started"])
    func otherMessagesAreNeither(_ text: String) {
        #expect(words.consent(in: text) == nil)
    }

    @Test("a word configured for both opts out")
    func optOutWins() {
        #expect(ConsentWords(optOut: ["START"], optIn: ["START"]).consent(in: "start") == .optOut)
    }
}

@Suite("Auto-reply policy")
struct AutoReplyPolicyTests {
    /// A configuration with two auto-replies, business hours mon-fri 09:00-18:00 in Berlin.
    func configuration(businessHours: Bool = true) throws -> Configuration {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autoreply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let hours = businessHours ? "businessHours: { days: mon-fri, from: \"09:00\", to: \"18:00\" }" : ""
        try """
        kind: Settings
        name: default
        timezone: Europe/Berlin
        \(hours)
        ---
        kind: Sender
        name: support
        phone: "+15550100001"
        ---
        kind: Sender
        name: x
        phone: "+15550100002"
        ---
        kind: AutoReply
        name: z-away
        when: outside-business-hours
        message: away
        delay: 3s
        cooldown: 1h
        ---
        kind: AutoReply
        name: b-other
        senders: [x]
        message: other
        """.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let report = try Validator(directory: directory.path).validate()
        // Without business hours validate refuses the reply; the policy must still be safe.
        #expect(report.isValid() || !businessHours, "\(report.diagnostics.map(\.summary))")
        return report.configuration
    }

    /// Monday 2026-01-05 at `hour`:00 in Berlin (UTC+1 in winter).
    func monday(_ hour: Int) -> Date { Date(timeIntervalSince1970: 1_767_571_200 + Double(hour - 1) * 3600) }

    @Test("outside business hours only, after the delay, once per cooldown, first by name")
    func picksAndThrottles() throws {
        let configuration = try configuration()
        let policy = AutoReplyPolicy(autoReplies: configuration.autoReplies, settings: configuration.settings)
        #expect(policy.answer(sender: "support", at: monday(10), lastAnswered: { _ in nil }) == nil)
        let night = try #require(policy.answer(sender: "support", at: monday(22), lastAnswered: { _ in nil }))
        #expect(night.autoReply == "z-away" && night.message == "away" && night.sendAt == monday(22).addingTimeInterval(3))
        #expect(policy.answer(sender: "support", at: monday(22), lastAnswered: { _ in monday(21).addingTimeInterval(1) }) == nil)
        #expect(policy.answer(sender: "support", at: monday(22), lastAnswered: { _ in monday(20) }) != nil)
        #expect(policy.answer(sender: "x", at: monday(10), lastAnswered: { _ in nil })?.autoReply == "b-other")
    }

    @Test("without business hours (an invalid configuration) an outside-business-hours reply never applies")
    func noBusinessHours() throws {
        let configuration = try configuration(businessHours: false)
        let policy = AutoReplyPolicy(autoReplies: configuration.autoReplies, settings: configuration.settings)
        #expect(policy.answer(sender: "support", at: monday(23), lastAnswered: { _ in nil }) == nil)
    }

    @Test("the customer-service window is open for 24 hours after the contact's last message")
    func serviceWindow() {
        let last = monday(10)
        #expect(!CustomerServiceWindow.isOpen(lastInbound: nil, at: last))
        #expect(CustomerServiceWindow.isOpen(lastInbound: last, at: last.addingTimeInterval(86_399)))
        #expect(!CustomerServiceWindow.isOpen(lastInbound: last, at: last.addingTimeInterval(86_400)))
    }
}
