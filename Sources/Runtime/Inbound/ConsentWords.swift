import Flows
import Manifest

/// Recognises a contact's opt-out (`STOP`) and opt-in (`START`) messages.
///
/// A message is one of them when, folded like trigger keywords (case, accents and
/// punctuation ignored), it is exactly one of the words: "Stop", "stop!" and "STÓP" opt
/// out; "please stop sending" does not, so a conversation that mentions the word is not
/// cut off by accident.
public struct ConsentWords: Sendable {
    /// What a message asks for.
    public enum Consent: Sendable, Hashable {
        case optOut
        case optIn
    }

    /// Opt-in words, in the languages of the default opt-out words.
    public static let defaultOptIn = ["START", "UNSTOP", "STARTEN", "COMMENCER", "INICIAR", "ALTA", "AVVIA"]

    private let optOut: Set<String>
    private let optIn: Set<String>

    /// Matches `optOut` and `optIn` words (as written in Settings; folded here).
    public init(optOut: [String], optIn: [String] = Self.defaultOptIn) {
        self.optOut = Set(optOut.map(NormalizedText.phrase).filter { !$0.isEmpty })
        self.optIn = Set(optIn.map(NormalizedText.phrase).filter { !$0.isEmpty }).subtracting(self.optOut)
    }

    /// The words a configuration's settings give.
    public init(_ settings: Settings) {
        self.init(optOut: settings.optOutWords)
    }

    /// What `text` asks for, or nil for any other message.
    public func consent(in text: String) -> Consent? {
        let phrase = NormalizedText.phrase(text)
        if optOut.contains(phrase) { return .optOut }
        if optIn.contains(phrase) { return .optIn }
        return nil
    }
}
