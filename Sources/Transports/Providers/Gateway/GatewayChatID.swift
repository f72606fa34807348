import Foundation

/// WhatsApp Web chat ids (`5511987650001@c.us`) and message ids
/// (`true_5511987650001@c.us_3EB0…`) as the gateway writes them.
enum GatewayChatID {
    /// The chat id of an individual's phone number, from any way of writing the number
    /// (`+55 11 98765-0001`); an id that already names its server (`…@c.us`, `…@lid`)
    /// is kept as is. Nil when there are no digits.
    static func chatID(forRecipient recipient: String) -> String? {
        let trimmed = recipient.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("@") { return trimmed }
        let digits = trimmed.filter(isDigit)
        return digits.isEmpty ? nil : "\(digits)@c.us"
    }

    /// The phone number digits of an individual's chat id (`@c.us`, `@s.whatsapp.net`);
    /// nil for every other kind (a `@lid` user id, a group, a broadcast).
    static func phoneNumber(ofChatID chatID: String) -> String? {
        guard let at = chatID.firstIndex(of: "@") else { return nil }
        let server = chatID[chatID.index(after: at)...]
        guard server == "c.us" || server == "s.whatsapp.net" else { return nil }
        let user = chatID[..<at].prefix { $0 != ":" }  // a device suffix (`123:4@s.whatsapp.net`)
        return !user.isEmpty && user.allSatisfy(isDigit) ? String(user) : nil
    }

    /// Whether a chat id names one person (a phone number or a `@lid` user id), not a
    /// group, a broadcast list, status updates or a channel.
    static func isIndividual(_ chatID: String) -> Bool {
        chatID.hasSuffix("@lid") || phoneNumber(ofChatID: chatID) != nil
    }

    /// The chat id inside a serialized message id `<fromMe>_<chat id>_<id>[_<participant>]`,
    /// or nil when the id is not in that form.
    static func chatID(ofMessageID messageID: String) -> String? {
        let parts = messageID.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "true" || parts[0] == "false", parts[1].contains("@") else { return nil }
        return String(parts[1])
    }

    /// `0`…`9` only: `isNumber` alone also accepts other scripts' digits and fractions.
    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
