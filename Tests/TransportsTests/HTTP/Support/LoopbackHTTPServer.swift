import Foundation
import Glibc
import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 for client tests: POSIX sockets, one thread to
/// accept and one per connection, persistent connections, and a few scripted routes.
///
/// Routes (any method):
/// - `/echo…` answers 200 with an `EchoReply` JSON of the request.
/// - `/status/<code>?retry-after=<value>` answers that status, with `Retry-After` if given.
/// - `/large/<bytes>` and `/large-chunked/<bytes>` send that many bytes, with a
///   Content-Length or chunked.
/// - `/redirect/<n>` redirects to `/redirect/<n-1>` until 0, which answers 200 "arrived";
///   every hop carries `X-Hop: <n>`. `/loop` redirects to itself.
/// - `/hang` reads the request and never answers, holding the connection open.
/// - `/api/…` is the WAHA gateway fake, ``gateway``.
/// A TLS ClientHello gets a plain-text 400 and a closed connection.
final class LoopbackHTTPServer: Sendable {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The port the server listens on.
    let port: UInt16
    /// The WAHA gateway fake behind `/api/…`; tests script and inspect it.
    let gateway = GatewayFake()
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var acceptedConnections = 0
        var openSockets: Set<Int32> = []
        var receivedPaths: [String] = []
        var arrivalWaiters: [(path: String, continuation: CheckedContinuation<Void, Never>)] = []
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
                bind(listener, address, length) == 0 && listen(listener, 256) == 0 && getsockname(listener, address, &length) == 0
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

    /// A URL on this server.
    func url(_ pathAndQuery: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// How many TCP connections the server has accepted so far.
    var acceptedConnections: Int {
        state.withLock { $0.acceptedConnections }
    }

    /// Returns once a request for exactly `path` (with its query) has been read.
    func requestArrived(path: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let arrived = state.withLock { state in
                if state.receivedPaths.contains(path) || state.isStopped { return true }
                state.arrivalWaiters.append((path, continuation))
                return false
            }
            if arrived { continuation.resume() }
        }
    }

    /// Stops accepting and closes every connection. Idempotent.
    func stop() {
        let waiters = state.withLock { state in
            state.isStopped = true
            for socket in state.openSockets { shutdown(socket, Int32(SHUT_RDWR)) }
            defer { state.arrivalWaiters = [] }
            return state.arrivalWaiters
        }
        shutdown(listener, Int32(SHUT_RDWR))  // wakes accept(), whose thread closes it
        for waiter in waiters { waiter.continuation.resume() }
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
                state.acceptedConnections += 1
                state.openSockets.insert(client)
                return true
            }
            guard isAccepted else {
                close(client)
                return
            }
            var yes: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
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
            guard let request else {
                write(Self.response(status: 400, reason: "Bad Request", headers: [("Connection", "close")], body: []), to: socket)
                return
            }
            noteArrival(of: request.target)
            guard let response = respond(to: request) else {
                drain(socket)
                return
            }
            guard write(response, to: socket), request.header("Connection")?.lowercased() != "close" else { return }
        }
    }

    private func noteArrival(of path: String) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.receivedPaths.append(path)
            let ready = state.arrivalWaiters.filter { $0.path == path }.map(\.continuation)
            state.arrivalWaiters.removeAll { $0.path == path }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    // MARK: - Routes

    /// The response bytes for `request`, or nil to hold the connection without answering.
    private func respond(to request: Request) -> [UInt8]? {
        let components = URLComponents(string: "http://loopback\(request.target)")
        let path = components?.path ?? request.target
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { first, _ in first }
        let segments = path.split(separator: "/").map(String.init)
        if segments.count == 3, segments[0].hasPrefix("v"), segments[2] == "messages" {
            return GraphFake.respond(to: request.method, headers: request.headers, body: request.body)
        }
        if segments.first == "api" {
            return gateway.respond(to: request.method, target: request.target, headers: request.headers, body: request.body)
        }
        switch segments.first {
        case "echo":
            let reply = EchoReply(
                method: request.method, target: request.target, headers: request.headers.map { [$0.name, $0.value] },
                body: String(decoding: request.body, as: UTF8.self))
            let body = (try? JSONEncoder().encode(reply)).map(Array.init) ?? []
            return Self.response(status: 200, reason: "OK", headers: [("Content-Type", "application/json")], body: body)
        case "status":
            let status = segments.count > 1 ? Int(segments[1]) ?? 500 : 500
            let headers = query["retry-after"].map { [("Retry-After", $0)] } ?? []
            return Self.response(status: status, reason: "Scripted", headers: headers, body: Array("status \(status)".utf8))
        case "large":
            let count = segments.count > 1 ? Int(segments[1]) ?? 0 : 0
            return Self.response(status: 200, reason: "OK", headers: [], body: Array(repeating: UInt8(ascii: "x"), count: count))
        case "large-chunked":
            let count = segments.count > 1 ? Int(segments[1]) ?? 0 : 0
            var bytes = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            var remaining = count
            while remaining > 0 {
                let size = min(remaining, 16_384)
                bytes += Array("\(String(size, radix: 16))\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: size) + Array("\r\n".utf8)
                remaining -= size
            }
            return bytes + Array("0\r\n\r\n".utf8)
        case "redirect":
            let hop = segments.count > 1 ? Int(segments[1]) ?? 0 : 0
            guard hop > 0 else {
                return Self.response(status: 200, reason: "OK", headers: [("X-Hop", "0")], body: Array("arrived".utf8))
            }
            return Self.response(
                status: 302, reason: "Found", headers: [("Location", "/redirect/\(hop - 1)"), ("X-Hop", "\(hop)")],
                body: Array("hop \(hop)".utf8))
        case "loop":
            return Self.response(status: 302, reason: "Found", headers: [("Location", "/loop")], body: [])
        case "hang":
            return nil
        default:
            return Self.response(status: 404, reason: "Not Found", headers: [], body: Array("no route".utf8))
        }
    }

    private static func response(status: Int, reason: String, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    // MARK: - Wire

    /// One parsed request.
    private struct Request {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// Reads the next request: nil at end of stream, `.some(nil)` for bytes that are not
    /// HTTP (a TLS handshake).
    private func readRequest(from socket: Int32, buffer: inout [UInt8]) -> Request?? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if buffer.first == 0x16 { return .some(nil) }  // TLS handshake record
            if buffer.count >= 4 {
                headEnd = (0...(buffer.count - 4)).first { buffer[$0..<($0 + 4)].elementsEqual(terminator) }
                if headEnd != nil { break }
            }
            guard receive(from: socket, into: &buffer) else { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return .some(nil) }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        let length = Int(request.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard receive(from: socket, into: &buffer) else { return nil }
        }
        request.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return request
    }

    private func receive(from socket: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    /// Reads and discards until the peer closes or the server stops.
    private func drain(_ socket: Int32) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while recv(socket, &chunk, chunk.count, 0) > 0 {}
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
