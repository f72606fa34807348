import Foundation

/// Where a secret comes from: `${env:NAME}` or `${file:PATH}`.
///
/// Configuration files live in git, so a secret is always a reference; the value is
/// resolved by the commands that need it (plan, apply, run), never by validate.
public enum SecretReference: Sendable, Hashable, CustomStringConvertible {
    /// An environment variable.
    case environment(String)
    /// A file, relative to the configuration directory unless absolute.
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): return "${env:\(name)}"
        case .file(let path): return "${file:\(path)}"
        }
    }

    /// Parses a reference; a literal yields `secret.literal`, a malformed reference
    /// `secret.invalid-reference`.
    public static func parse(_ text: String, field: String) -> Result<SecretReference, SecretProblem> {
        guard text.hasPrefix("${") else {
            let variable = field.unicodeScalars.reduce(into: "") { name, scalar in
                if CharacterSet.uppercaseLetters.contains(scalar), !name.isEmpty { name += "_" }
                name += String(scalar).uppercased()
            }
            return .failure(
                SecretProblem(
                    isLiteral: true,
                    message: "'\(field)' is written as a literal secret",
                    help:
                        "secrets never go into git: export it and write `\(field): ${env:\(variable)}`, or keep it in a file and write `${file:secrets/\(field)}`"
                ))
        }
        guard text.hasSuffix("}"), text.count > 3 else {
            return .failure(
                SecretProblem(isLiteral: false, message: "'\(text)' is not a complete secret reference", help: "write ${env:NAME} or ${file:PATH}"))
        }
        let body = text.dropFirst(2).dropLast()
        if body.hasPrefix("env:") {
            let name = body.dropFirst(4)
            guard let first = name.first, first == "_" || first.isLetter && first.isASCII,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else {
                return .failure(
                    SecretProblem(
                        isLiteral: false, message: "'\(name)' is not an environment variable name",
                        help: "names use letters, digits and underscores and do not start with a digit"))
            }
            return .success(.environment(String(name)))
        }
        if body.hasPrefix("file:") {
            let path = body.dropFirst(5)
            guard !path.isEmpty else {
                return .failure(SecretProblem(isLiteral: false, message: "the file reference has no path", help: "write ${file:secrets/token}"))
            }
            return .success(.file(String(path)))
        }
        return .failure(SecretProblem(isLiteral: false, message: "'\(text)' names no known secret source", help: "write ${env:NAME} or ${file:PATH}"))
    }
}

/// Why a secret field is not a usable reference.
public struct SecretProblem: Error, Sendable, Hashable {
    /// True when a literal value was written where a reference belongs.
    public var isLiteral: Bool
    /// What is wrong, never quoting the literal.
    public var message: String
    /// What to write instead.
    public var help: String
}
