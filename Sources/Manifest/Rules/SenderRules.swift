/// Sender rules: transport fields, quotas, secrets, and references to senders.
struct SenderRules {
    func run(_ context: inout RuleContext) {
        let allTransportFields = Set(ResourceSchema.transportFields.values.joined())
        for sender in context.configuration.senders {
            let header = sender.header
            let applicable = Set(ResourceSchema.transportFields[sender.transport.rawValue] ?? [])
            if case .map(let entries) = header.spec {
                for entry in entries where allTransportFields.contains(entry.key) && !applicable.contains(entry.key) {
                    let owners = ResourceSchema.transportFields.filter { $0.value.contains(entry.key) }.keys.sorted()
                    context.error(
                        .fieldNotApplicable, "'\(entry.key)' does not apply to a \(sender.transport.rawValue) sender",
                        at: location(of: entry.key, in: context, header: header), length: entry.key.count, resource: header, fieldPath: entry.key,
                        help: "it belongs to transport \(owners.map { "'\($0)'" }.joined(separator: " or ")); remove it or change 'transport'")
                }
            }
            for field in ResourceSchema.requiredTransportFields[sender.transport.rawValue] ?? [] where sender.transportSettings[field] == nil {
                context.error(
                    .missingField, "a \(sender.transport.rawValue) sender needs '\(field)'", at: header.location, resource: header, fieldPath: field,
                    help: field.hasSuffix("Token") || field.hasSuffix("Secret") ? "add `\(field): ${env:NAME}` and export NAME where the engine runs" : "add `\(field):`")
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

    /// Where a top-level key of a resource is written, from the deferred scalars or the header.
    private func location(of key: String, in context: RuleContext, header: ResourceHeader) -> SourceLocation {
        context.location(ofKey: key, in: header) ?? header.location
    }
}
