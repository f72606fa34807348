extension Template {
    /// Renders the template with values from `context`.
    ///
    /// Inserted values are never expanded again: a value containing `<<x>>` is written
    /// literally. A missing variable renders as empty text, or as its `default`, and is
    /// listed in ``Rendered/missing`` or ``Rendered/defaulted``. `escaping` applies to
    /// inserted values only.
    public func render(_ context: TemplateContext, escaping: Escaping = .none) -> Rendered {
        var text = ""
        text.reserveCapacity(source.utf8.count)
        var missing: [VariablePath] = []
        var defaulted: [VariablePath] = []
        // Separate sets: a path may be guarded in one insertion and unguarded in another.
        var seenMissing = Set<VariablePath>()
        var seenDefaulted = Set<VariablePath>()
        for segment in segments {
            switch segment {
            case .text(let literal):
                text.append(literal)
            case .insertion(let insertion):
                let value = context.value(at: insertion.path)
                if value == nil {
                    if insertion.hasDefault {
                        if seenDefaulted.insert(insertion.path).inserted { defaulted.append(insertion.path) }
                    } else if seenMissing.insert(insertion.path).inserted {
                        missing.append(insertion.path)
                    }
                }
                let output = insertion.filters.reduce(value) { value, filter in filter.apply(to: value) }
                guard let output else { continue }
                if escaping.isSatisfied(by: insertion.filters.last) {
                    text.append(output.text)
                } else {
                    text.append(escaping.escape(output.text))
                }
            }
        }
        return Rendered(text: text, missing: missing, defaulted: defaulted)
    }
}
