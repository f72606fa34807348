import Foundation

/// The form a text scalar must have. Checks that need more than the text itself
/// (phone numbers need `Settings`, templates need the contact columns, paths need the
/// directory) are left to the rules and only documented here.
public enum TextFormat: String, Sendable, CaseIterable {
    /// Any text.
    case plain
    /// A resource name: lower-case letters, digits, `-`, `_`; at most 63 characters.
    case name
    /// A variable name: letters, digits and `_`, not starting with a digit.
    case identifier
    /// `100ms`, `2s`, `10m`, `1h30m`.
    case duration
    /// A duration or a range of two: `50ms-300ms`.
    case durationRange
    /// `HH:MM`.
    case timeOfDay
    /// `mon-fri`, `sat,sun`, `daily`.
    case days
    /// One day name.
    case weekday
    /// RFC 3339 with an offset.
    case dateTime
    /// An IANA timezone name.
    case timezone
    /// `${env:NAME}` or `${file:PATH}`.
    case secret
    /// An absolute `http` or `https` URL.
    case url
    /// An `smtp://` or `smtps://` URL without user information.
    case smtpURL
    /// A URL that may contain `<<variables>>`.
    case templateURL
    /// A phone number (normalised to E.164 by the contact rules).
    case phone
    /// A phone pattern with `*` wildcards.
    case phonePattern
    /// Text with `<<variables>>`.
    case template
    /// An ICU regular expression.
    case regex
    /// A file path relative to the configuration directory.
    case path
    /// An e-mail address.
    case email
    /// A WhatsApp template language code such as `en_US`.
    case language
    /// A dotted path into a JSON document: `body.items.0.name`.
    case jsonPath
    /// A country calling code: 1-3 digits, `+` optional.
    case countryCode
    /// A Graph API version such as `v26.0`.
    case apiVersion

    /// How messages name the format.
    var noun: String {
        switch self {
        case .plain, .template: return "text"
        case .name: return "a name"
        case .identifier: return "a variable name"
        case .duration: return "a duration"
        case .durationRange: return "a duration or a range of durations"
        case .timeOfDay: return "a time of day"
        case .days: return "a set of days"
        case .weekday: return "a day"
        case .dateTime: return "a date and time"
        case .timezone: return "a timezone"
        case .secret: return "a secret reference"
        case .url, .templateURL: return "a URL"
        case .smtpURL: return "an SMTP URL"
        case .phone: return "a phone number"
        case .phonePattern: return "a phone number pattern"
        case .regex: return "a regular expression"
        case .path: return "a file path"
        case .email: return "an e-mail address"
        case .language: return "a language code"
        case .jsonPath: return "a JSON path"
        case .countryCode: return "a country calling code"
        case .apiVersion: return "a Graph API version"
        }
    }

    /// Checks `text`; nil when it is acceptable. Secrets are checked by their field rule.
    func problem(with text: String) -> FormatProblem? {
        switch self {
        case .plain, .template, .phone, .path, .secret:
            return nil
        case .name:
            return Self.nameProblem(text)
        case .identifier:
            guard let first = text.first, first == "_" || (first.isASCII && first.isLetter),
                text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { return FormatProblem("'\(text)' is not a variable name", help: "use letters, digits and '_', starting with a letter") }
            return nil
        case .duration:
            return DurationValue.parse(text).failure
        case .durationRange:
            let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
            for part in parts { if let problem = DurationValue.parse(part).failure { return problem } }
            return parts.isEmpty ? FormatProblem("an empty duration range") : nil
        case .timeOfDay:
            return TimeOfDay.parse(text).failure
        case .days:
            return DaySet.parse(text).failure
        case .weekday:
            return DaySet.parse(day: text).failure
        case .dateTime:
            return DateTimeValue.parse(text).failure
        case .timezone:
            guard TimeZone(identifier: text) != nil else {
                let suggestion = Suggestion.closest(to: text, among: TimeZone.knownTimeZoneIdentifiers)
                return FormatProblem(
                    "'\(text)' is not an IANA timezone",
                    help: suggestion.map { "did you mean '\($0)'?" } ?? "use a name such as Europe/Berlin, America/New_York or UTC")
            }
            return nil
        case .url:
            return Self.urlProblem(text)
        case .templateURL:
            if text.hasPrefix("<<") { return nil }
            return Self.urlProblem(text)
        case .smtpURL:
            return Self.smtpURLProblem(text)
        case .phonePattern:
            let allowed = Set("+0123456789* ")
            return text.allSatisfy(allowed.contains) && !text.isEmpty
                ? nil
                : FormatProblem("'\(text)' is not a phone number pattern", help: "use digits, a leading '+', and '*' for any digits, as in +1555019*")
        case .regex:
            do {
                _ = try NSRegularExpression(pattern: text)
                return nil
            } catch {
                return FormatProblem(
                    "'\(text)' is not a valid regular expression",
                    help: "the pattern uses ICU syntax; escape special characters such as ( ) [ ] . * + ? with a backslash")
            }
        case .email:
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                !parts[1].hasSuffix("."), !text.contains(" ")
            else { return FormatProblem("'\(text)' is not an e-mail address") }
            return nil
        case .language:
            let parts = text.split(separator: "_", omittingEmptySubsequences: false)
            let languageOK = (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLowercase }
            let regionOK = parts.count == 1 || (parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase })
            return languageOK && regionOK
                ? nil
                : FormatProblem(
                    "'\(text)' is not a template language code", help: "use the code the template was approved with, such as en, en_US or pt_BR")
        case .jsonPath:
            let segments = text.split(separator: ".", omittingEmptySubsequences: false)
            let valid = segments.allSatisfy { segment in
                !segment.isEmpty && segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            }
            return valid ? nil : FormatProblem("'\(text)' is not a JSON path", help: "write dotted keys and list indexes, such as body.items.0.name")
        case .countryCode:
            let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
            return (1...3).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit) && digits.first != "0"
                ? nil
                : FormatProblem("'\(text)' is not a country calling code", help: "write the digits only, such as \"1\", \"44\" or \"49\"")
        case .apiVersion:
            let body = text.dropFirst()
            let valid =
                text.first == "v" && body.split(separator: ".").count == 2
                && body.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
            return valid ? nil : FormatProblem("'\(text)' is not a Graph API version", help: "write it like v26.0")
        }
    }

    /// The resource-name rule, shared with the `name` field check.
    static func nameProblem(_ text: String) -> FormatProblem? {
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
        // Byte checks first: this runs for every name and edge of every flow.
        let bytes = text.utf8
        let isValid =
            !bytes.isEmpty && bytes.count <= 63
            && bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }
            && bytes.first != 45 && bytes.first != 95
        guard !isValid else { return nil }
        guard let first = text.first, first.isASCII, first.isLowercase || first.isNumber,
            text.count <= 63, text.allSatisfy(allowed)
        else {
            let fixed = String(text.lowercased().map { allowed($0) ? $0 : "-" }.prefix(63))
            return FormatProblem(
                "'\(text)' is not a valid name",
                help: "names use lower-case letters, digits, '-' and '_', start with a letter or digit and have at most 63 characters"
                    + (fixed.isEmpty || fixed == text ? "" : "; for example '\(fixed)'"))
        }
        return nil
    }

    private static func smtpURLProblem(_ text: String) -> FormatProblem? {
        let url = URL(string: text)
        // Never echo a URL carrying a password: the message would print it.
        if url?.user != nil || url?.password != nil {
            return FormatProblem(
                "the SMTP URL contains a user name or password",
                help: "remove them from the URL and set smtp.username and smtp.password as secret references, such as ${env:SMTP_PASSWORD}")
        }
        guard let url, let scheme = url.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps", let host = url.host, !host.isEmpty
        else {
            return FormatProblem(
                "'\(text)' is not an smtp:// or smtps:// URL",
                help: "write smtps://smtp.example.com:465 (TLS throughout) or smtp://smtp.example.com:587 (STARTTLS)")
        }
        return nil
    }

    private static func urlProblem(_ text: String) -> FormatProblem? {
        guard text.hasPrefix("http://") || text.hasPrefix("https://"),
            let url = URL(string: text), let host = url.host, !host.isEmpty
        else { return FormatProblem("'\(text)' is not an http or https URL", help: "write the full address, such as https://example.com/path") }
        return nil
    }
}

extension Result {
    /// The error, if any.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
