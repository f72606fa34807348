import Manifest
import Templates

/// A compiled HTTP request header: template text with secret references kept apart.
///
/// `${env:NAME}` and `${file:PATH}` written in the header's own text become
/// ``Part/secret(_:)`` parts that the runner resolves; a reference that arrives inside an
/// inserted value stays plain text, so a contact can never make the engine reveal a secret.
public struct HeaderTemplate: Sendable, Codable {
    /// One piece of the value.
    public enum Part: Sendable, Codable {
        /// Template text.
        case template(Template)
        /// A secret reference written in the header.
        case secret(SecretReference)
    }

    /// The header name as written.
    public let name: String
    /// The value's pieces, in order.
    public let parts: [Part]
}
