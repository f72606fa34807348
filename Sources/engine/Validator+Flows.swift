import Flows
import Manifest

extension Validator {
    /// A validator that also compiles every flow, as the daemon will, so a configuration
    /// that validates also deploys.
    static func compilingFlows(directory: String) -> Validator {
        var validator = Validator(directory: directory)
        let compiler = FlowCompiler()
        validator.flowCheck = { flow, parsed in compiler.diagnostics(for: flow, parsedTemplates: parsed) }
        return validator
    }
}
