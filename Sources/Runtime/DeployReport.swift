import Manifest

/// What ``FlowRunner/deploy(_:senders:)`` did.
public struct DeployReport: Sendable {
    /// A compiled flow version.
    public struct Version: Sendable, Hashable {
        /// The flow's name.
        public var flow: String
        /// The version (the content hash) new executions start on.
        public var version: String
        /// Whether new executions may start on it.
        public var isActive: Bool
    }

    /// An execution ended because its flow was removed or disabled.
    public struct EndedExecution: Sendable, Hashable {
        /// The execution's id.
        public var executionID: Int64
        /// The flow it ran.
        public var flow: String
        /// `flow-removed` or `flow-disabled`.
        public var reason: String
    }

    /// The newest version of every flow that compiled, by name.
    public var versions: [Version]
    /// Problems the compiler found; a flow with an error keeps its executions on their
    /// pinned versions, but starts no new ones.
    public var diagnostics: [Diagnostic]
    /// The executions ended, by flow then id.
    public var endedExecutions: [EndedExecution]
}

/// What ``FlowRunner/recover()`` found after a restart.
public struct RecoveryReport: Sendable, Hashable {
    /// HTTP calls made again because their executions were still waiting for them.
    public var reissuedCalls: Int
    /// Inbound messages stored before the restart and processed now.
    public var processedMessages: Int
}
