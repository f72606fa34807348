import ArgumentParser
import Foundation
import Logging

/// The `engine` command: a GitOps automation engine for WhatsApp messaging.
@main
struct Engine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Keep WhatsApp senders, campaigns, broadcasts, auto-replies and chatbot flows as YAML in git.",
        discussion: """
            Exit codes: 0 success, 1 error (an invalid configuration included), 64 usage error.

            Set ENGINE_LOG_LEVEL=debug to see what the engine does and how long it takes.
            """,
        version: "0.1.0",
        subcommands: [
            Validate.self, PlanCommand.self, ApplyCommand.self, StatusCommand.self, RunCommand.self, SendCommand.self, TestCommand.self,
            ChatCommand.self,
            SendersCommand.self,
            Schema.self,
        ]
    )

    /// Sets up logging for every subcommand: human-readable lines on standard error. Safe
    /// to call more than once (`run` runs `apply` first); the set-up happens once.
    static func bootstrapLogging() -> Logger {
        logger
    }

    private static let logger: Logger = {
        let level = ProcessInfo.processInfo.environment["ENGINE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "engine")
    }()
}
