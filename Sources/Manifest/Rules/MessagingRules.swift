/// Rules for campaigns, broadcast lists and auto-replies that the schema cannot express.
struct MessagingRules {
    func run(_ context: inout RuleContext) {
        let settings = context.configuration.settings
        if let smtp = settings.smtp, (smtp.username == nil) != (smtp.password == nil), let header = settings.header {
            context.error(
                .missingField, "notifications.smtp needs both 'username' and 'password', or neither", at: smtp.location,
                resource: header, fieldPath: "notifications.smtp",
                help: "add the missing one as a secret reference, such as password: ${env:SMTP_PASSWORD}")
        }
        if settings.smtp != nil, settings.notificationEmail == nil, let header = settings.header {
            context.warning(
                .missingSetting, "notifications.smtp is set but notifications.email is not, so no alert has a recipient",
                at: settings.smtp!.location, resource: header, fieldPath: "notifications.email", help: "add `email: ops@example.com`")
        }
        let limits = ProviderLimits()
        for campaign in context.configuration.campaigns {
            let header = campaign.header
            if campaign.pacing.minDelay > campaign.pacing.maxDelay, let location = campaign.pacing.location {
                context.error(
                    .invalidValue, "pacing.minDelay is longer than pacing.maxDelay", at: location, resource: header, fieldPath: "pacing",
                    help: "the pause between messages is drawn between minDelay and maxDelay, so minDelay <= maxDelay")
            }
            if let window = campaign.schedule.window, window.from == window.to {
                context.error(
                    .invalidValue, "the sending window opens and closes at \(window.from), so it is never open", at: window.location,
                    resource: header, fieldPath: "schedule.window", help: "use from: \"00:00\", to: \"24:00\" for the whole day")
            }
            if let text = campaign.content.text, let location = context.location(ofKey: "message", in: header) {
                limits.checkText(text, at: location, resource: header, field: "message", &context)
            }
        }
        for list in context.configuration.broadcastLists {
            var ids: [String: Located<String>] = [:]
            for send in list.sends {
                if let first = ids[send.id.value] {
                    context.error(
                        .duplicateEntry, "send id '\(send.id.value)' is used twice in broadcast list '\(list.header.name)'", at: send.id.location,
                        length: send.id.value.count, resource: list.header, fieldPath: "sends", notes: ["first used at \(first.location)"],
                        help: "each send is identified by its id; give the new message a new id")
                } else {
                    ids[send.id.value] = send.id
                }
            }
        }
        for campaign in context.configuration.campaigns where campaign.senders.count > 1 {
            var seen: Set<String> = []
            for sender in campaign.senders where !seen.insert(sender.value).inserted {
                context.warning(
                    .duplicateEntry, "sender '\(sender.value)' is listed twice", at: sender.location, length: sender.value.count,
                    resource: campaign.header, fieldPath: "senders")
            }
        }
    }
}
