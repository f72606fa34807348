/// Secrets are references, never literals: a literal token in git is a leaked token.
struct SecretRules {
    func run(_ context: inout RuleContext) {
        for header in context.configuration.headers {
            for secret in context.deferred(header, [.secret]) {
                guard case .failure(let problem) = SecretReference.parse(secret.text, field: leaf(secret.fieldPath)) else { continue }
                let diagnostic = Diagnostic(
                    .error, problem.isLiteral ? .literalSecret : .invalidSecretReference, problem.message, at: secret.location,
                    length: problem.isLiteral ? 1 : secret.text.count, resource: header.id, fieldPath: secret.fieldPath, help: problem.help)
                context.diagnostics.append(diagnostic)
            }
        }
    }

    private func leaf(_ path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }
}
