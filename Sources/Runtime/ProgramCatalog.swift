import Flows

/// The programs the runner knows: the newest version of every deployed flow (what new
/// executions start on, indexed by trigger) and every version an execution is pinned to.
struct ProgramCatalog: Sendable {
    private struct Key: Hashable {
        var flow: String
        var version: String
    }

    /// The newest program of each deployed flow, active or not, by name.
    private(set) var newest: [String: Program] = [:]
    /// Routes messages to the newest versions of the active flows.
    private(set) var index = TriggerIndex(programs: [])
    private var versions: [Key: Program] = [:]

    /// Makes `programs` the newest versions; earlier versions stay known for pinned executions.
    mutating func install(_ programs: [Program]) {
        newest = Dictionary(programs.map { ($0.name, $0) }) { first, _ in first }
        index = TriggerIndex(programs: programs)
        for program in programs { remember(program) }
    }

    /// Adds a version loaded from the store.
    mutating func remember(_ program: Program) {
        versions[Key(flow: program.name, version: program.version)] = program
    }

    /// The program of version `version` of `flow`, if it was installed or remembered.
    func program(flow: String, version: String) -> Program? {
        versions[Key(flow: flow, version: version)]
    }
}
