import Foundation
import Synchronization
import Transports

/// A transport that answers from a script and remembers every call with the time it was
/// made; once the script runs out it accepts, naming messages `<name>.<n>`.
final class ScriptedTransport: Transport {
    /// One call the dispatcher made.
    struct Call: Sendable, Equatable {
        enum Kind: Sendable, Equatable { case send, typing }
        var kind: Kind
        var recipient: String
        var content: MessageContent?
        var attempt: Int
        var at: Date
    }

    let name: String
    private let now: @Sendable () -> Date
    private let state = Mutex<(calls: [Call], script: [SendOutcome], accepted: Int)>(([], [], 0))

    init(name: String, now: @escaping @Sendable () -> Date, script: [SendOutcome] = []) {
        self.name = name
        self.now = now
        state.withLock { $0.script = script }
    }

    /// Every call so far, oldest first.
    var calls: [Call] { state.withLock { $0.calls } }
    /// The sends so far, oldest first.
    var sends: [Call] { calls.filter { $0.kind == .send } }

    /// Appends outcomes to the script.
    func script(_ outcomes: [SendOutcome]) {
        state.withLock { $0.script += outcomes }
    }

    func send(_ message: OutboundMessage, attempt: Int) async -> SendOutcome {
        let at = now()
        return state.withLock { state in
            state.calls.append(Call(kind: .send, recipient: message.to, content: message.content, attempt: attempt, at: at))
            if !state.script.isEmpty { return state.script.removeFirst() }
            state.accepted += 1
            return .accepted(providerMessageID: "\(name).\(state.accepted)", waID: nil)
        }
    }

    func showTyping(to recipient: String, replyingTo messageID: String?) async throws(TransportError) {
        let at = now()
        state.withLock { $0.calls.append(Call(kind: .typing, recipient: recipient, content: nil, attempt: 0, at: at)) }
    }

    func markRead(messageID: String) async throws(TransportError) {}

    func connectionStatus() async -> ConnectionStatus { .connected(detail: name) }

    func handleWebhook(_ request: WebhookRequest) -> WebhookReply { .refusal(status: 404, "scripted transport") }
}

/// A transport whose sends never return until released: the process "dies" mid-send.
final class HangingTransport: Transport {
    private let state = Mutex<(sends: [CheckedContinuation<SendOutcome, Never>], watchers: [CheckedContinuation<Void, Never>])>(([], []))

    func send(_ message: OutboundMessage, attempt: Int) async -> SendOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<SendOutcome, Never>) in
            let watchers = state.withLock { state in
                state.sends.append(continuation)
                defer { state.watchers = [] }
                return state.watchers
            }
            for watcher in watchers { watcher.resume() }
        }
    }

    /// Returns once a send is hanging.
    func waitForSend() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isHanging = state.withLock { state in
                if state.sends.isEmpty { state.watchers.append(continuation) }
                return !state.sends.isEmpty
            }
            if isHanging { continuation.resume() }
        }
    }

    /// Lets every hanging send return `outcome`.
    func release(with outcome: SendOutcome) {
        let sends = state.withLock { state in
            defer { state.sends = [] }
            return state.sends
        }
        for send in sends { send.resume(returning: outcome) }
    }

    func showTyping(to recipient: String, replyingTo messageID: String?) async throws(TransportError) {}
    func markRead(messageID: String) async throws(TransportError) {}
    func connectionStatus() async -> ConnectionStatus { .connected(detail: nil) }
    func handleWebhook(_ request: WebhookRequest) -> WebhookReply { .refusal(status: 404, "hanging transport") }
}
