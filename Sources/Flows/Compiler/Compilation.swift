import Manifest

/// The outcome of compiling one flow: a program unless there was an error, and every diagnostic.
public struct Compilation: Sendable {
    /// The program; nil when any diagnostic is an error.
    public var program: Program?
    /// Every problem found, sorted by position.
    public var diagnostics: [Diagnostic]
}
