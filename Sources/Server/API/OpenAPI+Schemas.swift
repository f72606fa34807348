import Store

extension OpenAPI {
    /// The document's schemas, one per type the API answers or reads. A test encodes
    /// each type and checks it against its schema.
    static let schemas: [(key: String, value: JSONValue)] = [
        ("Error", errorSchema),
        ("SenderList", object("Every sender.", [("senders", array(reference("Sender"), "By name."))], required: ["senders"])),
        ("Sender", sender),
        ("SenderHealth", senderHealth),
        ("SenderStats", senderStats),
        ("QuotaWindowUse", quotaWindowUse),
        ("CampaignList", object("Every campaign.", [("campaigns", array(reference("Campaign"), "By name."))], required: ["campaigns"])),
        ("Campaign", campaign),
        ("CampaignStats", campaignStats),
        ("MessageSummary", messageSummary),
        ("BroadcastList", object("Every broadcast list.", [("broadcasts", array(reference("Broadcast"), "By name."))], required: ["broadcasts"])),
        ("Broadcast", broadcast),
        ("FlowList", object("Every flow.", [("flows", array(reference("Flow"), "By name."))], required: ["flows"])),
        ("Flow", flow),
        ("FlowExecutionPage", flowExecutionPage),
        ("FlowExecution", flowExecution),
        ("AutoReplyList", object("Every auto-reply.", [("autoReplies", array(reference("AutoReply"), "By name."))], required: ["autoReplies"])),
        ("AutoReply", autoReply),
        ("MessagePage", messagePage),
        ("Message", message),
        ("RevisionStatus", revisionStatus),
        ("ConfigDiagnostic", configDiagnostic),
        ("SendRequest", sendRequest),
        ("BulkSendRequest", array(reference("SendRequest"), "Up to 1000 messages; checked all before any is queued.")),
        ("SendResult", sendResult),
        ("BulkSendResult", bulkSendResult),
    ]

    static let errorSchema = object(
        "An answer other than success.",
        [
            (
                "error",
                object(
                    "What went wrong.",
                    [
                        ("code", string("Stable and dotted: `request.invalid-field`, `resource.not-found`, `auth.invalid-token`...")),
                        ("message", string("What went wrong and what to do.")),
                        ("field", string("The body field (`to`, `[2].template.name`) or query parameter at fault.")),
                    ], required: ["code", "message"])
            )
        ], required: ["error"])

    static let sender = object(
        "A sender: what the files declare and what the engine knows of it.",
        [
            ("name", string("Unique among senders.")),
            ("transport", string("How messages leave.", oneOf: ["simulator", "cloud-api", "gateway"])),
            ("phone", string("The sender's number, E.164.")),
            ("enabled", boolean("false keeps it out of every selection.")),
            (
                "quota",
                object(
                    "Messages per sliding window.",
                    [("perMinute", integer("Per minute.")), ("perHour", integer("Per hour.")), ("perDay", integer("Per day."))],
                    required: ["perMinute", "perHour", "perDay"])
            ),
            ("status", reference("SenderHealth")),
        ], required: ["name", "transport", "phone", "enabled", "quota", "status"])

    static let senderHealth = object(
        "A sender's connection, health and pause.",
        [
            ("connection", string("As last reported.", oneOf: ["unknown", "connecting", "waiting-for-scan", "connected", "disconnected"])),
            ("health", integer("0...100: +1 per success, -5 per failure; below 50 the sender is not picked.")),
            ("consecutiveFailures", integer("Failures since the last success; 10 pause the sender.")),
            ("paused", boolean("Whether the sender is paused.")),
            ("pausedReason", string("Why it is paused.")),
            ("lastUsedAt", date("When it last sent.")),
        ], required: ["connection", "health", "consecutiveFailures", "paused"])

    static let senderStats = object(
        "A sender's messages, quota use and health.",
        [
            ("name", string("The sender.")),
            ("messages", counts("Outbox messages this sender was chosen for, by state.", keys: messageStates)),
            ("quota", array(reference("QuotaWindowUse"), "Minute, hour and day.")),
            ("status", reference("SenderHealth")),
        ], required: ["name", "messages", "quota", "status"])

    static let quotaWindowUse = object(
        "How much of one quota window a sender used, counted from the send log.",
        [
            ("window", string("The window.", oneOf: ["minute", "hour", "day"])),
            ("used", integer("Sends in the window ending now.")),
            ("limit", integer("The window's limit.")),
            ("remaining", integer("limit - used, never below 0.")),
        ], required: ["window", "used", "limit", "remaining"])

    static let campaign = object(
        "A campaign: the state the files ask for and the actual one.",
        [
            ("name", string("Unique among campaigns.")),
            ("description", string("Free text from the files.")),
            ("desiredState", string("What the files ask for.", oneOf: ["draft", "running", "paused"])),
            ("state", string("The actual state; absent before the first apply.", oneOf: CampaignState.allCases.map(\.rawValue))),
            ("senders", strings("The senders it may use.")),
            ("message", reference("MessageSummary")),
            ("contacts", integer("Recorded contacts, whatever their status.")),
            ("startedAt", date("When it started sending.")),
            ("finishedAt", date("When it finished.")),
        ], required: ["name", "desiredState", "senders", "message", "contacts"])

    static let campaignStats = object(
        "A campaign's progress.",
        [
            ("name", string("The campaign.")),
            ("state", string("The actual state.", oneOf: CampaignState.allCases.map(\.rawValue))),
            ("contacts", counts("Recorded contacts by status.", keys: contactStatuses)),
            ("messages", counts("The campaign's outbox messages by state.", keys: messageStates)),
            ("total", integer("Every recorded contact.")),
            ("done", integer("Contacts sent (or maybe sent), failed or cancelled.")),
            ("progress", number("done / total, 0...1.")),
            ("sentLastHour", integer("Sends in the campaign's name in the last hour.")),
            ("sentLastDay", integer("Sends in the campaign's name in the last 24 hours.")),
            ("lastSentAt", date("The last send.")),
            ("estimatedCompletion", date("When the unsent contacts should all be sent; only while running or scheduled.")),
            ("stateReason", string("Why the campaign is in its state, such as why it failed.")),
            (
                "failures",
                array(
                    object(
                        "Failed messages with one error code.",
                        [
                            ("code", string("The provider's or the engine's error code, such as 131026 or outbox.outside-service-window.")),
                            ("count", integer("Messages that failed with it.")), ("reason", string("The latest reason recorded with it.")),
                        ], required: ["code", "count", "reason"]), "Failed messages by error code, most frequent first.")
            ),
            ("optedOut", integer("Contacts not sent to because they opted out.")),
            ("skipped", integer("Contacts skipped for another reason.")),
        ], required: ["name", "contacts", "messages", "total", "done", "progress", "sentLastHour", "sentLastDay", "failures", "optedOut", "skipped"])

    static let messageSummary = object(
        "What a campaign or broadcast sends, as written (variables not expanded).",
        [
            ("text", string("Free text with <<variables>>.")),
            (
                "template",
                object(
                    "An approved WhatsApp template.", [("name", string("As approved.")), ("language", string("Such as en_US."))],
                    required: ["name", "language"])
            ),
            (
                "media",
                object(
                    "Media by link.", [("type", string("The kind.", oneOf: ["image", "document", "video", "audio"])), ("url", string("The link."))],
                    required: ["type", "url"])
            ),
        ], required: [])

    static let broadcast = object(
        "A broadcast list: each entry of its sends goes to every member once.",
        [
            ("name", string("Unique among broadcast lists.")),
            ("description", string("Free text from the files.")),
            ("sender", string("The sender it sends from.")),
            ("batchSize", integer("Members per batch.")),
            ("batchPauseSeconds", number("Seconds between batches.")),
            (
                "sends",
                array(
                    object(
                        "One entry of the list's sends.",
                        [
                            ("id", string("Unique in the list.")), ("started", boolean("Whether its messages are queued.")),
                            ("message", reference("MessageSummary")),
                        ], required: ["id", "started", "message"]), "In the order written.")
            ),
            ("messages", counts("The list's outbox messages by state.", keys: messageStates)),
        ], required: ["name", "sender", "batchSize", "batchPauseSeconds", "sends", "messages"])

    static let flow = object(
        "A flow: keyword triggers and a graph of nodes.",
        [
            ("name", string("Unique among flows.")),
            ("description", string("Free text from the files.")),
            ("active", boolean("Whether new triggers start it.")),
            ("senders", strings("The senders it runs on; absent for every sender.")),
            (
                "triggers",
                array(
                    object(
                        "Keywords that start the flow.",
                        [
                            ("match", string("How keywords match.", oneOf: ["exact", "word", "prefix", "regex"])),
                            ("keywords", strings("The keywords.")),
                        ],
                        required: ["match", "keywords"]), "In the order written.")
            ),
            ("start", string("The node executions start at.")),
            ("nodes", strings("The nodes, in the order written.")),
            ("version", string("The first 12 hex digits of the applied spec's hash; absent before the first apply.")),
            ("activeExecutions", integer("Executions running now.")),
        ], required: ["name", "active", "triggers", "start", "nodes", "activeExecutions"])

    static let flowExecutionPage = object(
        "A page of a flow's executions, newest first.",
        [
            ("executions", array(reference("FlowExecution"), "Newest first.")),
            ("nextCursor", string("Pass as `cursor` for the next page; absent on the last page.")),
        ], required: ["executions"])

    static let flowExecution = object(
        "One run of a flow with one contact on one sender.",
        [
            ("id", integer("The execution's id.")),
            ("flow", string("The flow.")),
            ("version", string("The compiled version it is pinned to.")),
            ("sender", string("The sender.")),
            ("contact", string("The contact, E.164.")),
            ("status", string("Whether it still runs.", oneOf: ["active", "ended"])),
            ("steps", integer("Steps committed so far.")),
            ("startedAt", date("When it started.")),
            ("updatedAt", date("When its last step was written.")),
            ("endedReason", string("Why it ended.")),
        ], required: ["id", "flow", "version", "sender", "contact", "status", "steps", "startedAt", "updatedAt"])

    static let autoReply = object(
        "An automatic answer to inbound messages, at most once per contact per cooldown.",
        [
            ("name", string("Unique among auto-replies.")),
            ("description", string("Free text from the files.")),
            ("active", boolean("Whether it answers.")),
            ("senders", strings("The senders it answers on; absent for every sender.")),
            ("when", string("When it applies.", oneOf: ["always", "outside-business-hours"])),
            ("message", string("The reply, as written.")),
            ("delaySeconds", number("Seconds before the reply goes out.")),
            ("cooldownSeconds", number("Seconds during which a contact is not answered again.")),
        ], required: ["name", "active", "when", "message", "delaySeconds", "cooldownSeconds"])

    static let messagePage = object(
        "A page of outbox messages, newest first.",
        [
            ("messages", array(reference("Message"), "Newest first.")),
            ("nextCursor", string("Pass as `cursor` for the next page; absent on the last page.")),
        ], required: ["messages"])

    static let message = object(
        "An outbox message.",
        [
            ("id", integer("The message's id.")),
            ("sender", string("The sender chosen at the last claim; absent while a business message waits for one.")),
            ("recipient", string("The contact, E.164.")),
            (
                "origin",
                object(
                    "What queued it.",
                    [
                        ("kind", string("The resource kind.", oneOf: OutboxOrigin.Kind.allCases.map(\.rawValue))),
                        ("name", string("The resource name (`engine send`, `api` for manual messages).")),
                    ], required: ["kind", "name"])
            ),
            ("state", string("Where it stands.", oneOf: messageStates)),
            ("attempts", integer("Claims so far.")),
            ("content", ["type": "object", "description": "The message as queued: text, template, media, buttons or list."]),
            ("notBefore", date("Not sent before this instant.")),
            ("providerMessageId", string("The provider's id once it took the message.")),
            (
                "error",
                object(
                    "The last failure.", [("code", string("The provider's code, or a dotted local one.")), ("message", string("What happened."))],
                    required: [])
            ),
            ("sentAt", date("When the send was counted in the sender's quota.")),
            ("createdAt", date("When it was queued.")),
            ("updatedAt", date("When it last changed.")),
        ], required: ["id", "recipient", "origin", "state", "attempts", "content", "notBefore", "createdAt", "updatedAt"])

    static let revisionStatus = object(
        "The revision running, the last one tried and, while the files are invalid, why.",
        [
            ("appliedRevision", string("The revision running: a git commit (`abc123`, `abc123+dirty`) or `sha256:<hash>`.")),
            ("appliedAt", date("When it was applied.")),
            ("attemptedRevision", string("The last revision tried, applied or not.")),
            ("attemptedAt", date("When it was tried.")),
            ("outcome", string("The last attempt's outcome.", oneOf: ["applied", "failed", "partial", "invalid"])),
            ("summary", string("The last attempt's summary.")),
            ("valid", boolean("false while the files have errors (the applied revision keeps running).")),
            ("diagnostics", array(reference("ConfigDiagnostic"), "The files' problems now, by file, line and column.")),
        ], required: ["diagnostics", "valid"])

    static let configDiagnostic = object(
        "One problem in the configuration files.",
        [
            ("file", string("Relative to the configuration directory.")),
            ("line", integer("1-based.")),
            ("column", integer("1-based, in characters.")),
            ("severity", string("How serious.", oneOf: ["error", "warning"])),
            ("code", string("The stable code, such as `config.unknown-key`.")),
            ("message", string("What is wrong.")),
            ("help", string("What to do about it.")),
        ], required: ["file", "line", "column", "severity", "message"])

    static let sendRequest: JSONValue = [
        "type": "object",
        "description": "One message: `to` and exactly one of `text` and `template`.",
        "additionalProperties": false,
        "properties": [
            "to": ["type": "string", "description": "The contact's number, E.164 (or national with Settings' defaultCountryCode)."],
            "sender": [
                "type": "string",
                "description":
                    "A configured, enabled sender, recorded with the message as `engine send --sender` records it; absent: any enabled sender.",
            ],
            "text": ["type": "string", "minLength": 1, "maxLength": .number(Double(EngineAPI.maximumTextLength)), "description": "Free text."],
            "template": [
                "type": "object",
                "description": "An approved WhatsApp template (needed outside the 24-hour customer-service window on the Cloud API).",
                "additionalProperties": false,
                "properties": [
                    "name": ["type": "string", "description": "As approved."],
                    "language": ["type": "string", "description": "Such as en_US."],
                    "parameters": ["type": "array", "items": ["type": "string"], "description": "Body placeholder values, in order."],
                    "header": ["type": "array", "items": ["type": "string"], "description": "Header placeholder values, in order."],
                    "buttons": ["type": "array", "items": ["type": "string"], "description": "Quick-reply button payloads, in order."],
                ],
                "required": ["name", "language"],
            ],
            "idempotencyKey": [
                "type": "string", "maxLength": 200,
                "description": "A key of the client's: asking again with the same key queues nothing new.",
            ],
        ],
        "required": ["to"],
        "oneOf": [["required": ["text"]], ["required": ["template"]]],
    ]

    static let sendResult = object(
        "What became of one message.",
        [
            ("outcome", string("What the engine did.", oneOf: ["queued", "duplicate", "opted-out"])),
            ("id", integer("The outbox message: the new one, or the first with the key; absent when skipped.")),
            ("to", string("The recipient, E.164.")),
        ], required: ["outcome", "to"])

    static let bulkSendResult = object(
        "What became of a bulk request's messages.",
        [
            ("queued", integer("New messages.")),
            ("duplicates", integer("Messages whose idempotency key was used before.")),
            ("optedOut", integer("Messages skipped because the contact opted out.")),
            ("results", array(reference("SendResult"), "One per message, in the request's order.")),
        ], required: ["queued", "duplicates", "optedOut", "results"])
}
