/// The shape of every kind: the single source of the structural checks and of
/// `engine schema`. Field names here are a contract: configurations must stay
/// portable between versions, so rename nothing; add freely.
public enum ResourceSchema {
    /// The shape of a resource of `kind`.
    public static func shape(of kind: ResourceKind) -> ObjectShape {
        switch kind {
        case .settings: return settings
        case .sender: return sender
        case .campaign: return campaign
        case .broadcastList: return broadcastList
        case .autoReply: return autoReply
        case .flow: return flow
        }
    }

    static func common(_ kind: ResourceKind) -> [Field] {
        [
            Field("kind", .choice([kind.rawValue]), required: true, "The resource kind."),
            Field("name", .text(.name), required: true, "The resource name, unique per kind."),
            Field("description", .text(.plain), "Free text for people."),
            Field("protected", .boolean, default: "false", "Never delete this resource when it disappears from the files."),
        ]
    }

    // MARK: Shared pieces

    static let days: Shape = .oneOf([.text(.days), .list(.text(.weekday), minCount: 1)])

    static let window = ObjectShape(
        "a time window",
        fields: [
            Field("days", days, default: "daily", "The days the window is open: mon-fri, sat,sun, daily or a list."),
            Field("from", .text(.timeOfDay), required: true, "Opening time, HH:MM."),
            Field("to", .text(.timeOfDay), required: true, "Closing time, HH:MM; earlier than `from` means overnight."),
        ])

    static let contact = ObjectShape(
        "a contact",
        fields: [
            Field("phone", .text(.phone), required: true, "The number; normalised to E.164."),
            Field("name", .text(.plain), "The contact's name, `<<contact.name>>`."),
        ], extraValues: .text(.plain))

    static let contacts: Shape = .oneOf([.text(.path), .list(.object(contact), minCount: 1)])

    static let whatsappTemplate = ObjectShape(
        "a WhatsApp template",
        fields: [
            Field("name", .text(.plain), required: true, "The approved template's name."),
            Field("language", .text(.language), required: true, "The language code it was approved with, such as en_US."),
            Field("parameters", .list(.text(.template), minCount: 0), "Body parameters in order; templates allowed."),
            Field("header", .list(.text(.template), minCount: 0), "Header parameters in order."),
            Field("buttons", .list(.text(.template), minCount: 0), "Quick-reply button payloads or URL suffixes, in order."),
        ])

    static let media = ObjectShape(
        "media",
        fields: [
            Field("url", .text(.templateURL), required: true, "A public link to the file."),
            Field("type", .choice(["image", "document", "video", "audio"]), required: true, "What the file is."),
            Field("caption", .text(.template), "Text shown under the media."),
            Field("filename", .text(.plain), "The file name shown for documents."),
        ])

    static let pacing = ObjectShape(
        "pacing",
        fields: [
            Field("minDelay", .text(.duration), default: "2s", "Shortest pause between two messages of a sender."),
            Field("maxDelay", .text(.duration), default: "5s", "Longest pause between two messages of a sender."),
            Field("typing", .boolean, default: "true", "Show the typing indicator before each message."),
        ])

    static let smtp = ObjectShape(
        "an SMTP server",
        fields: [
            Field(
                "url", .text(.smtpURL), required: true,
                "smtps://host:465 (TLS throughout) or smtp://host:587 (STARTTLS when offered; required when a username is set)."),
            Field("from", .text(.email), required: true, "The sender address of alert e-mails."),
            Field("username", .text(.secret), "The SMTP login, as a secret reference; set together with password."),
            Field("password", .text(.secret), "The SMTP password, as a secret reference; set together with username."),
        ])

    // MARK: Kinds

    static let settings = ObjectShape(
        "Settings",
        fields: common(.settings) + [
            Field("defaultCountryCode", .text(.countryCode), "Country calling code for numbers written without one."),
            Field("timezone", .text(.timezone), default: "UTC", "Default timezone for schedules and business hours."),
            Field("businessHours", .object(window), "When people answer; auto-replies can apply outside it."),
            Field(
                "optOutWords", .list(.text(.plain), minCount: 1),
                default:
                    "[STOP, UNSUBSCRIBE, CANCEL, END, QUIT, STOPP, ABMELDEN, ARRET, DESABONNER, BAJA, PARAR, CANCELAR, SAIR, DISISCRIVITI, AFMELDEN]",
                "Inbound words that put a contact on the suppression list."),
            Field(
                "notifications",
                .object(
                    ObjectShape(
                        "notifications",
                        fields: [
                            Field("email", .text(.email), "Where alerts (paused senders, finished campaigns, invalid reloads) are mailed."),
                            Field("smtp", .object(smtp), "The mail server alerts are sent through; without it no alert is mailed."),
                        ])), "Where the engine reports problems."),
            Field(
                "apiToken", .text(.secret),
                "Bearer token the HTTP API (/api) requires, as a secret reference; ENGINE_API_TOKEN in the environment takes precedence. Without any token, engine run listens on loopback only."
            ),
            Field(
                "http",
                .object(
                    ObjectShape(
                        "http",
                        fields: [
                            Field(
                                "allowedHosts", .list(.text(.plain), minCount: 1),
                                "Hosts flows' http nodes may call (`api.example.com`, or `*.example.com` for its subdomains); default any."),
                            Field(
                                "maxResponseBytes", .integer(1...16_777_216), default: "262144",
                                "The largest answer an http node accepts; a larger one takes the node's error edge."),
                        ])), "Limits for flows' http nodes."),
        ])

    static let quota = ObjectShape(
        "a quota",
        fields: [
            Field("perMinute", .integer(1...Int.max), default: "20", "Messages per sliding minute."),
            Field("perHour", .integer(1...Int.max), default: "500", "Messages per sliding hour."),
            Field("perDay", .integer(1...Int.max), default: "5000", "Messages per sliding day."),
        ])

    /// Fields that only some transports accept, by transport.
    public static let transportFields: [String: [String]] = [
        "simulator": ["simulator"],
        "cloud-api": ["phoneNumberId", "accessToken", "appSecret", "verifyToken", "baseURL", "apiVersion"],
        "gateway": ["baseURL", "session", "apiKey", "webhookSecret"],
    ]

    /// Fields each transport requires.
    public static let requiredTransportFields: [String: [String]] = [
        "cloud-api": ["phoneNumberId", "accessToken", "appSecret", "verifyToken"],
        "gateway": ["baseURL", "session"],
    ]

    static let sender = ObjectShape(
        "Sender",
        fields: common(.sender) + [
            Field(
                "transport", .choice(["simulator", "cloud-api", "gateway"]), default: "simulator",
                "How messages leave: the embedded simulator, Meta's Cloud API or a WhatsApp Web gateway."),
            Field("phone", .text(.phone), required: true, "The sender's own number, E.164."),
            Field("enabled", .boolean, default: "true", "false keeps the sender out of every selection."),
            Field("quota", .object(quota), "Hard sending limits; minute <= hour <= day."),
            Field(
                "warmup",
                .object(
                    ObjectShape(
                        "a warm-up",
                        fields: [
                            Field("days", .integer(1...365), required: true, "How many days the ramp lasts."),
                            Field("from", .integer(1...Int.max), required: true, "The day quota on the first day."),
                        ])), "A daily ramp of the day quota for a new number."),
            Field("resumeAfter", .text(.duration), "Probation after an automatic pause before the sender is tried again."),
            Field(
                "simulator",
                .object(
                    ObjectShape(
                        "simulator settings",
                        fields: [
                            Field("latency", .text(.durationRange), default: "0ms", "Send latency, a duration or a range such as 50ms-300ms."),
                            Field("failureRate", .number(0...1), default: "0", "Share of sends that fail, 0 to 1."),
                            Field("seed", .integer(0...Int.max), "Random seed, for repeatable failures."),
                            Field("undeliverable", .list(.text(.phonePattern), minCount: 1), "Recipients that always fail, with * wildcards."),
                            Field("deliveredAfter", .text(.duration), default: "1s", "When a sent message reports delivered."),
                            Field("readAfter", .text(.duration), default: "5s", "When a delivered message reports read."),
                            Field("rateLimitEvery", .integer(1...Int.max), "Answer every n-th send with a rate-limit error."),
                        ])), "Behaviour of the simulator transport."),
            Field("phoneNumberId", .text(.plain), "cloud-api: the phone number ID from Meta's app dashboard."),
            Field("accessToken", .text(.secret), "cloud-api: a system-user access token."),
            Field("appSecret", .text(.secret), "cloud-api: the app secret that signs webhooks."),
            Field("verifyToken", .text(.secret), "cloud-api: the token Meta echoes when the webhook is registered."),
            Field("baseURL", .text(.url), "cloud-api: default https://graph.facebook.com; gateway: the gateway's address."),
            Field("apiVersion", .text(.apiVersion), default: "v26.0", "cloud-api: the Graph API version."),
            Field("session", .text(.plain), "gateway: the session name on the gateway."),
            Field("apiKey", .text(.secret), "gateway: the gateway's API key."),
            Field("webhookSecret", .text(.secret), "gateway: the HMAC secret of the gateway's webhooks."),
        ])

    static let campaign = ObjectShape(
        "Campaign",
        fields: common(.campaign) + [
            Field("state", .choice(["draft", "running", "paused"]), default: "draft", "The desired state."),
            Field("senders", .list(.text(.name), minCount: 1), required: true, "Senders that may send it."),
            Field("message", .text(.template), "The text, with <<variables>>."),
            Field("template", .object(whatsappTemplate), "A WhatsApp template instead of free text."),
            Field("media", .object(media), "An image, document, video or audio sent with the message."),
            Field("contacts", contacts, required: true, "A CSV path or an inline list of contacts."),
            Field("pacing", .object(pacing), "Random pauses between messages, and typing."),
            Field(
                "schedule",
                .object(
                    ObjectShape(
                        "a schedule",
                        fields: [
                            Field("start", .text(.dateTime), "Not before this instant, RFC 3339 with offset."),
                            Field("window", .object(window), "Send only inside this window."),
                            Field("timezone", .text(.timezone), "The window's timezone; default Settings.timezone."),
                            Field("dailyCap", .integer(1...Int.max), "At most this many messages a day for this campaign."),
                        ])), "When the campaign may send."),
            Field("resendUnknown", .boolean, default: "false", "Resend messages whose outcome a crash lost."),
        ], exclusiveGroups: [ExclusiveGroup(["message", "template"], required: true)])

    static let broadcastSend = ObjectShape(
        "a broadcast send",
        fields: [
            Field("id", .text(.name), required: true, "Unique in the list; a new id is a new send."),
            Field("message", .text(.template), "The text, with <<variables>>."),
            Field("template", .object(whatsappTemplate), "A WhatsApp template instead of free text."),
            Field("media", .object(media), "Media sent with the message."),
        ], exclusiveGroups: [ExclusiveGroup(["message", "template"], required: true)])

    static let broadcastList = ObjectShape(
        "BroadcastList",
        fields: common(.broadcastList) + [
            Field("sender", .text(.name), required: true, "The sender of every send."),
            Field("members", contacts, required: true, "A CSV path or an inline list of members."),
            Field(
                "batch",
                .object(
                    ObjectShape(
                        "a batch",
                        fields: [
                            Field("size", .integer(1...256), default: "256", "Members per batch."),
                            Field("pause", .text(.duration), default: "10s", "Pause between batches."),
                        ])), "How sends are split."),
            Field("sends", .list(.object(broadcastSend), minCount: 0), "Messages for the list; each is sent once."),
            Field("resendUnknown", .boolean, default: "false", "Resend messages whose outcome a crash lost."),
        ])

    static let autoReply = ObjectShape(
        "AutoReply",
        fields: common(.autoReply) + [
            Field("senders", .list(.text(.name), minCount: 1), "Senders it answers for; default every sender."),
            Field("when", .choice(["always", "outside-business-hours"]), default: "always", "When it applies."),
            Field("message", .text(.template), required: true, "The reply, with <<variables>>."),
            Field("delay", .text(.duration), default: "2s", "Wait before replying."),
            Field("cooldown", .text(.duration), default: "24h", "At most one reply per contact in this period."),
            Field("active", .boolean, default: "true", "false turns it off."),
        ])

    static let trigger = ObjectShape(
        "a trigger",
        fields: [
            Field("keywords", .list(.text(.plain), minCount: 1), required: true, "Words that start the flow (patterns with match: regex)."),
            Field("match", .choice(["exact", "word", "prefix", "regex"]), default: "word", "How keywords match; case- and accent-insensitive."),
        ])

    static let sendAction = ObjectShape(
        "a send action",
        fields: [
            Field("text", .text(.template), "The text, or the body of buttons and lists."),
            Field("template", .object(whatsappTemplate), "A WhatsApp template."),
            Field("media", .object(media), "An image, document, video or audio."),
            Field(
                "buttons",
                .list(
                    .object(
                        ObjectShape(
                            "a button",
                            fields: [
                                Field("id", .text(.plain), required: true, "The id a tap sends back."),
                                Field("title", .text(.template), required: true, "The label, at most 20 characters."),
                            ])), minCount: 1), "Up to 3 reply buttons."),
            Field(
                "list",
                .object(
                    ObjectShape(
                        "a list message",
                        fields: [
                            Field("button", .text(.template), required: true, "The label of the button that opens the list."),
                            Field(
                                "sections",
                                .list(
                                    .object(
                                        ObjectShape(
                                            "a list section",
                                            fields: [
                                                Field("title", .text(.template), "The section heading."),
                                                Field(
                                                    "rows",
                                                    .list(
                                                        .object(
                                                            ObjectShape(
                                                                "a list row",
                                                                fields: [
                                                                    Field("id", .text(.plain), required: true, "The id a tap sends back."),
                                                                    Field(
                                                                        "title", .text(.template), required: true,
                                                                        "The row's label, at most 24 characters."),
                                                                    Field("description", .text(.template), "A second line, at most 72 characters."),
                                                                ])), minCount: 1), required: true, "The rows."),
                                            ])), minCount: 1), required: true, "Up to 10 sections."),
                        ])), "An interactive list."),
        ],
        exclusiveGroups: [ExclusiveGroup(["template", "buttons", "list"], required: false), ExclusiveGroup(["template", "text"], required: false)])

    static let waitAction = ObjectShape(
        "a wait action",
        fields: [
            Field("save", .text(.identifier), "The variable that receives the reply: <<vars.NAME>>."),
            Field("timeout", .text(.duration), "Give up after this long and follow the `timeout` edge."),
            Field(
                "validate",
                .object(
                    ObjectShape(
                        "a reply check",
                        fields: [
                            Field("type", .choice(["number", "email", "choice", "regex", "phone"]), required: true, "What the reply must be."),
                            Field("pattern", .text(.regex), "For type regex."),
                            Field("choices", .list(.text(.plain), minCount: 1), "For type choice; default the previous node's button ids."),
                            Field("reprompt", .text(.template), "Sent when the reply does not pass."),
                            Field("attempts", .integer(1...100), default: "3", "Replies accepted before the `timeout` edge is taken."),
                        ])), "Check the reply and ask again."),
        ])

    static let branchCase = ObjectShape(
        "a branch case",
        fields: [
            Field("equals", .text(.template), "Matches when the value equals this (case-insensitive)."),
            Field("contains", .text(.template), "Matches when the value contains this."),
            Field("regex", .text(.regex), "Matches when the value matches this pattern."),
            Field(
                "range",
                .object(
                    ObjectShape(
                        "a number range",
                        fields: [
                            Field("min", .number(nil), "Lowest accepted number."),
                            Field("max", .number(nil), "Highest accepted number."),
                        ])), "Matches when the value is a number in this range."),
            Field("hasValue", .boolean, "Matches when the value is (or with false, is not) empty."),
            Field("next", .text(.name), required: true, "The node to go to."),
        ], exclusiveGroups: [ExclusiveGroup(["equals", "contains", "regex", "range", "hasValue"], required: true)])

    static let httpAction = ObjectShape(
        "an http action",
        fields: [
            Field("method", .choice(["GET", "POST", "PUT", "PATCH", "DELETE"]), default: "GET", "The HTTP method."),
            Field("url", .text(.templateURL), required: true, "The address; inserted values are percent-encoded."),
            Field("headers", .dictionary(.text(.template)), "Request headers; values may hold secrets as ${env:NAME}."),
            Field("body", .any, "A JSON body; strings are templates, inserted values JSON-escaped."),
            Field("timeout", .text(.duration), default: "10s", "Per attempt."),
            Field("retries", .integer(0...10), default: "0", "Extra attempts on transient failures, with backoff."),
            Field("save", .dictionary(.text(.jsonPath)), "Variables to fill from the response: { var: body.path }."),
        ])

    /// The action keys of a flow node; each node has exactly one.
    public static let nodeActions = ["send", "wait", "branch", "set", "delay", "http", "handoff", "goto", "end"]

    static let node = ObjectShape(
        "a flow node",
        fields: [
            Field("send", .oneOf([.text(.template), .object(sendAction)]), "Send a message."),
            Field("wait", .object(waitAction), "Wait for the contact's reply."),
            Field(
                "branch",
                .object(
                    ObjectShape(
                        "a branch",
                        fields: [
                            Field("value", .text(.template), default: "<<flow.message>>", "What the cases test."),
                            Field("cases", .list(.object(branchCase), minCount: 1), required: true, "Tried in order."),
                            Field("default", .text(.name), required: true, "Where to go when no case matches."),
                        ])), "Choose the next node."),
            Field("set", .dictionary(.text(.template)), "Set variables: { name: template }."),
            Field("delay", .text(.duration), "Pause durably, then continue."),
            Field("http", .object(httpAction), "Call an HTTP API."),
            Field(
                "handoff",
                .object(
                    ObjectShape(
                        "a handoff",
                        fields: [
                            Field("for", .text(.duration), default: "24h", "How long automation stays off for the contact."),
                            Field("note", .text(.template), "Shown to the people who take over."),
                        ])), "Hand the conversation to a person."),
            Field("goto", .text(.name), "Continue in another flow."),
            Field("end", .flag, "Finish the execution."),
            Field("next", .text(.name), "The node after the action, or end."),
            Field("error", .text(.name), "http: where to go on failure."),
            Field("timeout", .text(.name), "wait: where to go when no reply came in time."),
        ], exclusiveGroups: [ExclusiveGroup(nodeActions, required: true)])

    static let flow = ObjectShape(
        "Flow",
        fields: common(.flow) + [
            Field("senders", .list(.text(.name), minCount: 1), "Senders it runs on; default every sender."),
            Field("active", .boolean, default: "true", "false turns the flow off without deleting it."),
            Field("interruptible", .boolean, default: "true", "A trigger keyword may interrupt a waiting execution."),
            Field("catchAll", .boolean, default: "false", "Run for messages that nothing else matches."),
            Field("stepLimit", .integer(1...10_000), default: "100", "Steps per event before the execution is ended."),
            Field("triggers", .list(.object(trigger), minCount: 1), "What starts the flow."),
            Field("start", .text(.name), required: true, "The first node."),
            Field("nodes", .dictionary(.object(node)), required: true, "The nodes by name."),
        ])
}
