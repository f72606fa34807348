/// Sender rules: transport fields, quotas, secrets, and references to senders.
struct SenderRules {
    func run(_ context: inout RuleContext) {
        let allTransportFields = Set(ResourceSchema.transportFields.values.joined())
        for sender in context.configuration.senders {
            let header = sender.header
            let applicable = Set(ResourceSchema.transportFields[sender.transport.rawValue] ?? [])
            let written = context.keyLocations[header.documentKey] ?? [:]
            for (key, keyLocation) in written.sorted(by: { $0.value < $1.value })
            where allTransportFields.contains(key) && !applicable.contains(key) {
                let owners = ResourceSchema.transportFields.filter { $0.value.contains(key) }.keys.sorted()
                context.error(
                    .fieldNotApplicable, "'\(key)' does not apply to a \(sender.transport.rawValue) sender",
                    at: keyLocation, length: key.count, resource: header, fieldPath: key,
                    help: "it belongs to transport \(owners.map { "'\($0)'" }.joined(separator: " or ")); remove it or change 'transport'")
            }
            for field in ResourceSchema.requiredTransportFields[sender.transport.rawValue] ?? [] where sender.transportSettings[field] == nil {
                context.error(
                    .missingField, "a \(sender.transport.rawValue) sender needs '\(field)'", at: header.location, resource: header, fieldPath: field,
                    help: field.hasSuffix("Token") || field.hasSuffix("Secret")
                        ? "add `\(field): ${env:NAME}` and export NAME where the engine runs" : "add `\(field):`")
            }
            let quota = sender.quota
            if let location = quota.location {
                if quota.perMinute > quota.perHour || quota.perHour > quota.perDay {
                    context.error(
                        .invalidQuota, "quota windows are out of order: \(quota.perMinute)/min, \(quota.perHour)/h, \(quota.perDay)/day",
                        at: location, resource: header, fieldPath: "quota",
                        help: "a longer window must allow at least as many messages: perMinute <= perHour <= perDay")
                }
            }
            if let warmup = sender.warmup, warmup.from > quota.perDay {
                context.error(
                    .invalidValue, "warm-up starts at \(warmup.from) a day, above the day quota of \(quota.perDay)",
                    at: header.location, resource: header, fieldPath: "warmup.from", help: "start the ramp below quota.perDay")
            }
        }
    }
}
