import Foundation
import Glibc
import Synchronization

/// A tiny SMTP server on 127.0.0.1 for mailer tests: POSIX sockets, one thread to accept
/// and one per connection. It greets with 220, answers EHLO/HELO with 250 (never offering
/// STARTTLS), MAIL FROM and RCPT TO with 250, DATA with 354, reads the message up to
/// `CRLF.CRLF`, records it, answers 250, and QUIT with 221.
///
/// A delivery is recorded before the 250 that ends DATA goes out, so it is visible as soon
/// as the client's send returns: tests need no waiting.
public final class SMTPSink: Sendable {
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// How the sink deviates from accepting everything.
    public struct Behaviour: Sendable {
        /// false: accept connections but never send the greeting.
        public var greets = true
        /// Full reply lines for RCPT TO by address, such as `"550 5.1.1 No such user"`.
        public var recipientReplies: [String: String] = [:]
        /// Whether EHLO offers `AUTH PLAIN`.
        public var offersAuthentication = false
        /// The answer to the AUTH credentials.
        public var authenticationReply = "235 2.7.0 Authentication successful"
        /// true: after answering DATA with 354, read nothing until ``releaseMessage()``,
        /// with a small receive buffer, so a large upload stalls half-way.
        public var holdsMessage = false

        public init(
            greets: Bool = true, recipientReplies: [String: String] = [:], offersAuthentication: Bool = false,
            authenticationReply: String = "235 2.7.0 Authentication successful", holdsMessage: Bool = false
        ) {
            self.greets = greets
            self.recipientReplies = recipientReplies
            self.offersAuthentication = offersAuthentication
            self.authenticationReply = authenticationReply
            self.holdsMessage = holdsMessage
        }
    }

    /// One message as received.
    public struct Delivery: Sendable, Equatable {
        /// The address in MAIL FROM, without brackets.
        public var sender: String
        /// The accepted RCPT TO addresses, in order.
        public var recipients: [String]
        /// The message with dot-stuffing removed and without the final ".".
        public var message: [UInt8]
        /// The DATA bytes exactly as they arrived, dot-stuffed, without the final ".".
        public var wireMessage: [UInt8]
    }

    /// The port the sink listens on.
    public let port: UInt16
    private let behaviour: Behaviour
    private let listener: Int32
    private let state = Mutex(State())
    private let release = DispatchSemaphore(value: 0)

    private struct State {
        var deliveries: [Delivery] = []
        var commands: [String] = []
        var acceptedConnections = 0
        var closedConnections = 0
        var waiters: [(isReady: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        var openSockets: Set<Int32> = []
        var isStopped = false
    }

    /// Binds an ephemeral port on 127.0.0.1 and starts accepting; ready when this returns.
    public init(_ behaviour: Behaviour = Behaviour()) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw SetupError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        if behaviour.holdsMessage {  // accepted sockets inherit it; it also stops autotuning
            var size: Int32 = 4096
            setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
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
        self.behaviour = behaviour
        self.listener = listener
        self.port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptConnections() }
        thread.name = "smtp-sink-accept"
        thread.start()
    }

    /// `smtp://127.0.0.1:<port>`.
    public var url: URL { URL(string: "smtp://127.0.0.1:\(port)")! }

    /// Every message received so far.
    public var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Every command line received so far, in order, as sent (AUTH data included).
    public var commands: [String] { state.withLock { $0.commands } }

    /// Returns once the sink has accepted a connection (or was stopped).
    public func connectionAccepted() async {
        await until { $0.acceptedConnections > 0 }
    }

    /// Returns once a client has closed a connection and the sink has read all it sent.
    public func connectionClosed() async {
        await until { $0.closedConnections > 0 }
    }

    /// Returns once a command starting with `prefix` has arrived (or the sink was stopped).
    public func commandReceived(_ prefix: String) async {
        await until { state in state.commands.contains { $0.hasPrefix(prefix) } }
    }

    /// Lets a connection held by ``Behaviour/holdsMessage`` read the message.
    public func releaseMessage() {
        release.signal()
    }

    /// Stops accepting and closes every connection. Idempotent.
    public func stop() {
        let waiters = state.withLock { state in
            state.isStopped = true
            for socket in state.openSockets { shutdown(socket, Int32(SHUT_RDWR)) }
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        shutdown(listener, Int32(SHUT_RDWR))  // wakes accept(), whose thread closes it
        release.signal()
        for waiter in waiters { waiter.resume() }
    }

    /// Suspends until `isReady` holds for the state or the sink stops: a wait bounded by
    /// the test's time limit, never a sleep.
    private func until(_ isReady: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isDone = state.withLock { state in
                if state.isStopped || isReady(state) { return true }
                state.waiters.append((isReady, continuation))
                return false
            }
            if isDone { continuation.resume() }
        }
    }

    /// Changes the state and resumes the waiters whose condition now holds.
    private func update(_ change: (inout State) -> Void) {
        let ready = state.withLock { state in
            change(&state)
            let current = state
            let ready = state.waiters.filter { $0.isReady(current) }.map(\.continuation)
            state.waiters.removeAll { $0.isReady(current) }
            return ready
        }
        for continuation in ready { continuation.resume() }
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
            update { $0.acceptedConnections += 1 }
            let thread = Thread { [self] in serve(client) }
            thread.name = "smtp-sink-connection"
            thread.start()
        }
    }

    private func serve(_ socket: Int32) {
        defer {
            close(socket)
            update { state in
                state.openSockets.remove(socket)
                state.closedConnections += 1
            }
        }
        var connection = Connection(socket: socket)
        guard behaviour.greets else {
            while connection.readLine() != nil {}  // hold the connection silently
            return
        }
        connection.write("220 sink ESMTP ready")
        var sender: String?
        var recipients: [String] = []
        while let line = connection.readLine() {
            update { $0.commands.append(line) }
            let verb = line.prefix { $0 != " " }.uppercased()
            switch verb {
            case "EHLO":
                connection.write(behaviour.offersAuthentication ? "250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME" : "250-sink\r\n250 8BITMIME")
            case "HELO":
                connection.write("250 sink")
            case "AUTH":
                if line.split(separator: " ").count < 3 {  // no initial response: ask for it
                    connection.write("334 ")
                    guard let credentials = connection.readLine() else { return }
                    update { $0.commands.append(credentials) }
                }
                connection.write(behaviour.authenticationReply)
            case "MAIL":
                sender = Self.address(in: line)
                recipients = []
                connection.write("250 2.1.0 OK")
            case "RCPT":
                let recipient = Self.address(in: line)
                if let reply = behaviour.recipientReplies[recipient] {
                    connection.write(reply)
                } else {
                    recipients.append(recipient)
                    connection.write("250 2.1.5 OK")
                }
            case "DATA":
                guard let sender, !recipients.isEmpty else {
                    connection.write("503 5.5.1 MAIL and RCPT first")
                    continue
                }
                connection.write("354 End data with <CR><LF>.<CR><LF>")
                if behaviour.holdsMessage { release.wait() }
                guard let (message, wireMessage) = connection.readData() else { return }
                update { $0.deliveries.append(Delivery(sender: sender, recipients: recipients, message: message, wireMessage: wireMessage)) }
                connection.write("250 2.0.0 OK queued")
                recipients = []
            case "RSET", "NOOP":
                connection.write("250 2.0.0 OK")
            case "QUIT":
                connection.write("221 2.0.0 Bye")
                return
            default:
                connection.write("502 5.5.2 Command not recognised")
            }
        }
    }

    /// The address between `<` and `>` in a MAIL or RCPT command.
    private static func address(in line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { return "" }
        return String(line[line.index(after: open)..<close])
    }

    /// One client connection's buffered reading and writing.
    private struct Connection {
        let socket: Int32
        var buffer: [UInt8] = []

        /// The next line without its CRLF, or nil when the peer closed.
        mutating func readLine() -> String? {
            readRawLine().map { String(decoding: $0, as: UTF8.self) }
        }

        /// The DATA section up to the lone ".": un-stuffed and as received, CRLFs kept.
        mutating func readData() -> (message: [UInt8], wireMessage: [UInt8])? {
            var message: [UInt8] = []
            var wireMessage: [UInt8] = []
            while let line = readRawLine() {
                if line == [UInt8(ascii: ".")] { return (message, wireMessage) }
                wireMessage += line + [0x0D, 0x0A]
                message += (line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line) + [0x0D, 0x0A]
            }
            return nil
        }

        mutating func write(_ reply: String) {
            let bytes = Array((reply + "\r\n").utf8)
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { return }
                offset += sent
            }
        }

        private mutating func readRawLine() -> [UInt8]? {
            while true {
                if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 0x0D && buffer[$0 + 1] == 0x0A }) {
                    let line = Array(buffer[..<end])
                    buffer.removeFirst(end + 2)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 16_384)
                let count = recv(socket, &chunk, chunk.count, 0)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return nil }
                buffer += chunk[..<count]
            }
        }
    }
}
