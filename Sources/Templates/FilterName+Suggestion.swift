extension FilterName {
    /// Typos further than this from every name get the full list instead of a guess,
    /// because a distant guess misleads more than it helps.
    static let maximumSuggestionDistance = 2

    /// The known name closest to `name`, if it is close enough to be a likely typo.
    static func suggestion(for name: String) -> FilterName? {
        let typed = Array(name)
        var best: (name: FilterName, distance: Int)?
        for candidate in allCases {
            let distance = editDistance(typed, Array(candidate.rawValue))
            if distance <= maximumSuggestionDistance, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance with a two-row table; names are short, so this stays tiny.
    static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        guard !lhs.isEmpty else { return rhs.count }
        guard !rhs.isEmpty else { return lhs.count }
        var previous = Array(0...rhs.count)
        var current = Array(repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let substitution = previous[j - 1] + (lhs[i - 1] == rhs[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }

    /// Every name, for help texts that list the choices.
    static var allNamesList: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}
