import Foundation
import Manifest

/// Resolves `${env:NAME}` and `${file:PATH}` references. Values never leave this type
/// except as digests and as the transports' credentials (a later issue).
public struct SecretResolver: Sendable {
    /// The environment to read (the process environment by default).
    public var environment: [String: String]
    /// Relative `${file:…}` paths resolve against this directory (the configuration's).
    public var directory: String

    /// Creates a resolver.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, directory: String) {
        self.environment = environment
        self.directory = directory
    }

    /// The secret's value, or why it cannot be read.
    public func resolve(_ reference: SecretReference) -> Result<String, FormatProblem> {
        switch reference {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                return .failure(
                    FormatProblem(
                        "the environment variable \(name) is not set",
                        help: "export \(name) where the engine runs (plan and apply resolve secrets; validate does not)"))
            }
            return .success(value)
        case .file(let path):
            let absolute = path.hasPrefix("/") ? path : directory + "/" + path
            guard let data = FileManager.default.contents(atPath: absolute), let text = String(data: data, encoding: .utf8) else {
                return .failure(
                    FormatProblem("cannot read the secret file \(path)", help: "check that the file exists and is readable by the engine"))
            }
            // Files written by `echo` end with a newline that is not part of the secret.
            var value = Substring(text)
            while let last = value.last, last == "\n" || last == "\r" { value = value.dropLast() }
            guard !value.isEmpty else { return .failure(FormatProblem("the secret file \(path) is empty")) }
            return .success(String(value))
        }
    }
}
