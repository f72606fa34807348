import Flows
import Foundation
import Manifest
import Store

extension FlowRunner {
    /// Deploys the configuration's flows; see ``deploy(_:senders:)``.
    @discardableResult
    public func deploy(_ configuration: Configuration) async throws(RuntimeError) -> DeployReport {
        try await deploy(configuration.flows, senders: configuration.senders)
    }

    /// Makes `flows` the flows new executions start on, and ends the executions of flows
    /// that are gone or disabled. The apply and reload paths call it with every flow of
    /// the new configuration.
    ///
    /// Each flow is compiled and its version saved (saving a version again changes
    /// nothing), so this process and later ones can run the executions pinned to it.
    /// Triggers route to the newest versions of the active flows. Executions of a flow
    /// missing from `flows` end with `flow-removed`, those of an inactive flow with
    /// `flow-disabled`; executions of an edited flow keep running on their own version.
    /// A flow that fails to compile (the validator should have refused it) starts nothing,
    /// and its executions keep their versions. Messages that waited for an ended
    /// execution are then routed afresh.
    ///
    /// - Parameter senders: the configuration's senders, for `sender.phone`.
    @discardableResult
    public func deploy(_ flows: [Flow], senders: [Sender] = []) async throws(RuntimeError) -> DeployReport {
        // A flow equal to the one compiled last time (same spec, same place in its file)
        // compiles to the same program: a reload that edits one flow compiles one.
        var programs: [Program] = []
        var diagnostics: [Diagnostic] = []
        var compiled: [String: (flow: Flow, program: Program)] = [:]
        for flow in flows {
            if let known = compiledFlows[flow.header.name], known.flow == flow {
                programs.append(known.program)
                compiled[flow.header.name] = known
                continue
            }
            let compilation = FlowCompiler().compile(flow)
            diagnostics += compilation.diagnostics
            if let program = compilation.program {
                programs.append(program)
                compiled[flow.header.name] = (flow, program)
            }
        }
        diagnostics.sort()
        compiledFlows = compiled
        var records: [FlowVersionRecord] = []
        for program in programs where !savedVersions.contains("\(program.name)@\(program.version)") {
            records.append(FlowVersionRecord(flow: program.name, version: program.version, program: try StoredProgram.encode(program)))
        }
        if !records.isEmpty {
            try storing { () throws(StoreError) in try store.saveFlowVersions(records) }
            savedVersions.formUnion(records.map { "\($0.flow)@\($0.version)" })
        }
        routing.catalog.install(programs)
        routing.senderPhones = Dictionary(senders.map { ($0.header.name, $0.phone.value) }) { first, _ in first }
        routing.generation += 1
        publishRouting()

        let uncompiled = Set(flows.map(\.header.name)).subtracting(programs.map(\.name))
        var ended: [DeployReport.EndedExecution] = []
        var calls: [PendingCall] = []
        for flow in try storing({ () throws(StoreError) in try store.flowsWithActiveExecutions() }).sorted() {
            let reason: String
            if let program = routing.catalog.newest[flow] {
                guard !program.isActive else { continue }
                reason = "flow-disabled"
            } else {
                guard !uncompiled.contains(flow) else { continue }
                reason = "flow-removed"
            }
            for record in try storing({ () throws(StoreError) in try store.activeExecutions(flow: flow) }) {
                calls += try inTransaction { transaction throws(RuntimeError) in
                    var batch = StepBatch(at: now())
                    try end(record, reason: reason, batch: &batch)
                    try commit(batch, in: transaction)
                    ended.append(DeployReport.EndedExecution(executionID: record.id, flow: flow, reason: reason))
                    return try drain(record.conversation, in: transaction).calls
                }
            }
        }
        try await perform(calls)
        return DeployReport(
            versions: programs.map { DeployReport.Version(flow: $0.name, version: $0.version, isActive: $0.isActive) }.sorted { $0.flow < $1.flow },
            diagnostics: diagnostics, endedExecutions: ended)
    }
}
