import ArgumentParser
import Foundation
import Logging
import Synchronization

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

    /// Sets up logging for every subcommand: human-readable lines on standard error, or
    /// one JSON object per line with `format: .json`. The first call decides (`run` runs
    /// `apply` after setting it up); later calls return the same logger.
    ///
    /// `ENGINE_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical) overrides
    /// `defaultLevel`.
    static func bootstrapLogging(format: LogFormat = .text, defaultLevel: Logger.Level = .warning) -> Logger {
        loggingState.withLock { logger in
            if let logger { return logger }
            let level = ProcessInfo.processInfo.environment["ENGINE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
            LoggingSystem.bootstrap { label in
                switch format {
                case .text:
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                case .json:
                    var handler = JSONLogHandler(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
            let created = Logger(label: "engine")
            logger = created
            return created
        }
    }

    private static let loggingState = Mutex<Logger?>(nil)
}

/// How log lines are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `2026-11-25T16:00:00+0000 notice engine : message`, for people.
    case text
    /// One JSON object per line, for log collectors.
    case json
}
