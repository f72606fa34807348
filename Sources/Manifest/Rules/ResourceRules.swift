/// Identity rules: one resource per `kind/name`, at most one `Settings`.
struct ResourceRules {
    func run(_ context: inout RuleContext, resources: [Resource]) {
        var seen: [String: ResourceHeader] = [:]
        var settings: [ResourceHeader] = []
        for resource in resources.sorted(by: { $0.header.location < $1.header.location }) {
            let header = resource.header
            if header.kind == .settings {
                settings.append(header)
                continue
            }
            if let first = seen[header.id] {
                context.error(
                    .duplicateResource, "\(header.kind.rawValue) '\(header.name)' is declared twice", at: header.nameLocation,
                    length: header.name.count, resource: header, notes: ["first declared at \(first.nameLocation)"],
                    help: "rename one of them; names are unique per kind")
            } else {
                seen[header.id] = header
            }
        }
        for extra in settings.dropFirst() {
            context.error(
                .duplicateSettings, "only one Settings document is allowed", at: extra.location, resource: extra,
                notes: ["the first is at \(settings[0].location)"], help: "merge the two documents into one")
        }
    }
}
