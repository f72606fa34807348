/// A recipient pattern of the simulator's `undeliverable` list: characters match
/// themselves and `*` matches any run of digits, empty included (`+1555019*`).
public struct SimulatorPattern: Sendable, Hashable {
    /// The pattern as written.
    public var text: String

    /// Creates a pattern.
    public init(_ text: String) {
        self.text = text
    }

    /// Whether `recipient`, as written, matches the whole pattern.
    public func matches(_ recipient: String) -> Bool {
        Self.matches(Array(text), Array(recipient))
    }

    private static func matches(_ pattern: [Character], _ subject: [Character]) -> Bool {
        // matched[j]: the pattern read so far matches subject[..<j].
        var matched = [true] + Array(repeating: false, count: subject.count)
        for symbol in pattern {
            var next = Array(repeating: false, count: subject.count + 1)
            if symbol == "*" {
                next[0] = matched[0]
                for index in subject.indices {
                    next[index + 1] = matched[index + 1] || (next[index] && subject[index].isASCII && subject[index].isNumber)
                }
            } else {
                for index in subject.indices where matched[index] && subject[index] == symbol {
                    next[index + 1] = true
                }
            }
            matched = next
        }
        return matched[subject.count]
    }
}
