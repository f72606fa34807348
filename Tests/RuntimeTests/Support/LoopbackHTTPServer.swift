import Foundation
import Glibc
import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 for the runner's `http` nodes: POSIX sockets, one
/// thread to accept and one per connection, persistent connections, scripted replies.
///
/// A path answers with the replies scripted for it (``script(_:_:)``) in order, the last
/// one again once they run out; an unscripted path answers 404. Every request is
/// recorded (``requests``). Adapted from the transports' test server. The accept thread
/// keeps the server alive: call ``stop()`` when the test is done.
final class LoopbackHTTPServer: Sendable {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// A scripted answer.
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String = ""

        /// 200 with a JSON body.
        static func json(_ body: String, status: Int = 200) -> Reply {
            Reply(status: status, headers: ["Content-Type": "application/json"], body: body)
        }
    }

    /// A request the server read.
    struct Received: Sendable {
        var method: String
        /// The path with its query.
        var target: String
        var headers: [String: String]
        var body: String
    }

    /// The port the server listens on.
    let port: UInt16
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var scripts: [String: [Reply]] = [:]
        var requests: [Received] = []
        var openSockets: Set<Int32> = []
        var isStopped = false
    }

    /// Binds an ephemeral port on 127.0.0.1 and starts accepting; ready when this returns.
    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw SetupError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw SetupError(description: "bind/listen on 127.0.0.1: errno \(errno)")
        }
        self.listener = listener
        self.port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptConnections() }
        thread.name = "loopback-accept"
        thread.start()
    }

    /// The URL of `path` on this server, as text for a flow's YAML.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Answers requests for `path` (without its query) with `replies`, in order.
    func script(_ path: String, _ replies: Reply...) {
        state.withLock { $0.scripts[path] = replies }
    }

    /// Every request read so far, in order.
    var requests: [Received] {
        state.withLock { $0.requests }
    }

    /// Stops accepting and closes every connection. Idempotent.
    func stop() {
        let isFirst = state.withLock { state in
            defer { state.isStopped = true }
            guard !state.isStopped else { return false }
            for socket in state.openSockets { shutdown(socket, Int32(SHUT_RDWR)) }
            return true
        }
        if isFirst { shutdown(listener, Int32(SHUT_RDWR)) }  // wakes accept(), whose thread closes it
    }

    // MARK: - Connections

    private func acceptConnections() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let isAccepted = state.withLock { state in
                guard !state.isStopped else { return false }
                state.openSockets.insert(client)
                return true
            }
            guard isAccepted else {
                close(client)
                return
            }
            let thread = Thread { [self] in serve(client) }
            thread.name = "loopback-connection"
            thread.start()
        }
    }

    private func serve(_ socket: Int32) {
        defer {
            state.withLock { _ = $0.openSockets.remove(socket) }
            close(socket)
        }
        var buffer: [UInt8] = []
        while let request = readRequest(from: socket, buffer: &buffer) {
            let reply = respond(to: request)
            var head = "HTTP/1.1 \(reply.status) Scripted\r\nContent-Length: \(reply.body.utf8.count)\r\n"
            for (name, value) in reply.headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
            guard write(Array((head + "\r\n" + reply.body).utf8), to: socket) else { return }
        }
    }

    private func respond(to request: Received) -> Reply {
        let path = request.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.target
        return state.withLock { state in
            state.requests.append(request)
            guard var replies = state.scripts[path], let first = replies.first else { return Reply(status: 404, body: "no route") }
            if replies.count > 1 {
                replies.removeFirst()
                state.scripts[path] = replies
            }
            return first
        }
    }

    // MARK: - Wire

    /// Reads the next request; nil at the end of the stream or on bytes that are not HTTP.
    private func readRequest(from socket: Int32, buffer: inout [UInt8]) -> Received? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if buffer.count >= 4 {
                headEnd = (0...(buffer.count - 4)).first { buffer[$0..<($0 + 4)].elementsEqual(terminator) }
            }
            if headEnd == nil, !receive(from: socket, into: &buffer) { return nil }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard receive(from: socket, into: &buffer) else { return nil }
        }
        let body = String(decoding: buffer[..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return Received(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func receive(from socket: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    @discardableResult
    private func write(_ bytes: [UInt8], to socket: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
