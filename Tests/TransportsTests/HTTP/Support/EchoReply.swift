/// What `LoopbackHTTPServer`'s `/echo` route saw, as JSON.
struct EchoReply: Codable, Sendable {
    var method: String
    /// The request target: path and query.
    var target: String
    /// Header fields in order, each `[name, value]`.
    var headers: [[String]]
    /// The body, decoded as UTF-8.
    var body: String

    /// The values of every header called `name`, case-insensitively.
    func values(of name: String) -> [String] {
        headers.filter { $0[0].caseInsensitiveCompare(name) == .orderedSame }.map { $0[1] }
    }
}
