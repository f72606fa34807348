import Foundation

extension URL {
    /// "host" or "host:port" for messages: never the path or query, which may carry tokens.
    var hostDescription: String {
        guard let host = host(percentEncoded: false), !host.isEmpty else { return "an unparseable host" }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(bracketed):\($0)" } ?? bracketed
    }
}
