import Manifest
import Templates

/// Compiles ``Flow`` resources into ``Program``s.
///
/// The loader has already validated the flows (edges resolve, regexes compile, templates
/// parse), so compilation normally reports nothing. Whatever slips through — a flow built
/// in code, a rule that missed a case — becomes a ``Diagnostic`` pointing at the YAML, never
/// a crash: an unresolved edge or a bad pattern is an error and yields no program.
public struct FlowCompiler: Sendable {
    /// Creates a compiler.
    public init() {}

    /// Compiles one flow.
    public func compile(_ flow: Flow) -> Compilation {
        var builder = ProgramBuilder(flow: flow)
        let program = builder.build()
        let diagnostics = builder.diagnostics.sorted()
        return Compilation(program: diagnostics.contains(where: \.isError) ? nil : program, diagnostics: diagnostics)
    }

    /// What compiling `flow` reports, without keeping the program or hashing its
    /// version: what `engine validate` runs for every flow. `parsedTemplates` are
    /// templates already parsed without issues, by source text, taken as they are.
    public func diagnostics(for flow: Flow, parsedTemplates: [String: Template] = [:]) -> [Diagnostic] {
        var builder = ProgramBuilder(flow: flow)
        builder.computesVersion = false
        builder.parsedTemplates = parsedTemplates
        _ = builder.build()
        return builder.diagnostics
    }

    /// Compiles every flow; the programs of flows with errors are left out.
    public func compile(_ flows: [Flow]) -> (programs: [Program], diagnostics: [Diagnostic]) {
        var programs: [Program] = []
        var diagnostics: [Diagnostic] = []
        for flow in flows {
            let compilation = compile(flow)
            if let program = compilation.program { programs.append(program) }
            diagnostics += compilation.diagnostics
        }
        return (programs, diagnostics.sorted())
    }
}
