/// Configuration-wide settings; at most one `Settings` document per configuration.
public struct Settings: Sendable, Hashable {
    /// Identity and position; nil for the built-in defaults.
    public var header: ResourceHeader?
    /// Country calling code (digits only) for numbers written without one.
    public var defaultCountryCode: String?
    /// IANA timezone for schedules and business hours.
    public var timezone: String
    /// When people answer.
    public var businessHours: TimeWindow?
    /// Inbound words that suppress a contact, upper-cased.
    public var optOutWords: [String]
    /// Where alerts are mailed.
    public var notificationEmail: String?
    /// The mail server alerts go through; nil means no alert is mailed.
    public var smtp: SMTPSettings?
    /// The API token reference.
    public var apiToken: SecretReference?
    /// Hosts flows' http nodes may call (`*.example.com` covers subdomains); nil means any.
    public var httpAllowedHosts: [String]?
    /// The largest answer an http node accepts, in bytes.
    public var httpMaxResponseBytes: Int = 262_144

    /// Opt-out words when Settings names none: English and the most common European
    /// languages' words for stopping messages.
    public static let defaultOptOutWords = [
        "STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "STOPP", "ABMELDEN", "ARRET", "DESABONNER", "BAJA", "PARAR", "CANCELAR", "SAIR",
        "DISISCRIVITI", "AFMELDEN",
    ]

    /// The settings of a configuration without a `Settings` document.
    public static let defaults = Settings(
        header: nil, defaultCountryCode: nil, timezone: "UTC", businessHours: nil,
        optOutWords: defaultOptOutWords, notificationEmail: nil, smtp: nil, apiToken: nil)
}

/// `Settings.notifications.smtp`: where alert e-mails are sent from.
public struct SMTPSettings: Sendable, Hashable {
    /// `smtps://host:465` or `smtp://host:587`, without credentials.
    public var url: String
    /// The sender address.
    public var from: String
    public var username: SecretReference?
    public var password: SecretReference?
    /// Where the settings are written.
    public var location: SourceLocation
}
