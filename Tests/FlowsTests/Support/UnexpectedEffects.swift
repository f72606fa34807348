import Flows

/// Thrown when a step did not produce the effects a test builds on.
struct UnexpectedEffects: Error, CustomStringConvertible {
    var effects: [Effect]
    var description: String { "unexpected effects: \(effects)" }
}
