import Foundation
import Manifest

/// One conversation script from `DIR/tests/*.yaml`: what a contact writes, what the
/// engine must answer, which HTTP calls answer what, and how time passes.
///
/// ```yaml
/// name: order status, happy path
/// sender: support                      # optional when the configuration has one sender
/// contact: { phone: "+15550109999", name: Ada }
/// http:
///   - { method: GET, url: "https://shop.example/orders/42", status: 200, body: { status: shipped } }
/// steps:
///   - say: order
///   - expect: What is your order number?
///   - say: "42"
///   - expect: { pattern: "Order 42 is (shipped|pending)\\." }
///   - wait: 30s
///   - expect: { text: Anything else I can do?, buttons: [yes, no] }
///   - expectNothing: true
/// ```
struct Scenario {
    /// The file, relative to the configuration directory.
    var file: String
    /// The scenario's name (defaults to the file name and document number).
    var name: String
    /// Where the document starts.
    var location: SourceLocation
    /// The sender the contact writes to; nil means the only sender.
    var sender: String?
    var contactPhone: String
    var contactName: String?
    var httpStubs: [HTTPStub]
    var steps: [ScenarioStep]
}

/// One step of a scenario.
struct ScenarioStep {
    enum Action {
        /// The contact writes `text` (or taps the button or list row `buttonID`).
        case say(text: String, buttonID: String?)
        /// The engine must have sent a message matching this since the last check.
        case expect(MessageExpectation)
        /// The engine must have sent nothing since the last check.
        case expectNothing
        /// Virtual time passes: timers and delays due by then fire.
        case wait(Duration)
    }

    var action: Action
    var location: SourceLocation
}

/// What an expected message must look like.
struct MessageExpectation: CustomStringConvertible {
    enum Text {
        case exact(String)
        case pattern(String, Regex<AnyRegexOutput>)
    }

    var text: Text?
    /// Button titles, in order, when given.
    var buttons: [String]?
    /// A WhatsApp template's name, when given.
    var template: String?

    var description: String {
        var parts: [String] = []
        switch text {
        case .exact(let text)?: parts.append(String(reflecting: text))
        case .pattern(let source, _)?: parts.append("/\(source)/")
        case nil: break
        }
        if let buttons { parts.append("buttons " + buttons.map { "[\($0)]" }.joined(separator: " ")) }
        if let template { parts.append("template \(template)") }
        return parts.isEmpty ? "any message" : parts.joined(separator: ", ")
    }

    /// Whether `message` satisfies every part given.
    func matches(_ message: ObservedMessage) -> Bool {
        switch text {
        case .exact(let expected)?:
            guard message.text == expected else { return false }
        case .pattern(_, let regex)?:
            guard let text = message.text, (try? regex.wholeMatch(in: text)) != nil else { return false }
        case nil:
            break
        }
        if let buttons, message.buttons != buttons { return false }
        if let template, message.template != template { return false }
        return true
    }
}

/// A canned answer for HTTP nodes: matched by method and URL (exact, or a regex between
/// slashes), answered without any network.
struct HTTPStub: Sendable {
    var method: String
    var url: String
    /// The regular expression when `url` is written between slashes (checked at load).
    var urlPattern: String?
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data

    func matches(method: String, url: String) -> Bool {
        guard method.uppercased() == self.method.uppercased() else { return false }
        if let urlPattern, let regex = try? Regex(urlPattern) { return (try? regex.wholeMatch(in: url)) != nil }
        return url == self.url
    }
}

/// A message the engine sent to the contact, as a scenario sees it.
struct ObservedMessage: Sendable, Hashable, CustomStringConvertible {
    var text: String?
    var buttons: [String]
    var template: String?
    var mediaURL: String?

    var description: String {
        var parts: [String] = []
        if let template { parts.append("template \(template)") }
        if let text { parts.append(String(reflecting: text)) }
        if !buttons.isEmpty { parts.append("buttons " + buttons.map { "[\($0)]" }.joined(separator: " ")) }
        if let mediaURL { parts.append("media \(mediaURL)") }
        return parts.isEmpty ? "(empty message)" : parts.joined(separator: ", ")
    }
}
