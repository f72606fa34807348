import Foundation
import Templates

extension Run {
    /// A message from the contact; only a waiting `wait` takes it.
    mutating func receive(_ message: IncomingMessage) -> IgnoredEvent? {
        guard state.status == .waitingForReply, case .wait(let wait) = instruction else { return .notWaitingForReply }
        state.flowVariables.message = Self.messageText(message)
        if state.contact.name == nil, let profileName = message.profileName { state.contact.name = profileName }
        if let value = ReplyCheck.accept(message, by: wait.validation) {
            cancelTimer()
            state.attempts = 0
            if let save = wait.save {
                state.vars[save] = value
                emit(.setVariables([save: value]))
            }
            follow("next", to: wait.next)
            return nil
        }
        state.attempts += 1
        let attempts = wait.validation?.attempts ?? 1
        if state.attempts >= attempts {
            cancelTimer()
            state.attempts = 0
            if let timeoutTarget = wait.timeoutTarget {
                follow("timeout", to: timeoutTarget)
            } else {
                finish(.invalidReply)
            }
        } else if let reprompt = wait.validation?.reprompt {
            emit(.send(OutgoingMessage(text: render(reprompt))))
        }
        return nil
    }

    /// A timer fired; only the one the execution waits for counts.
    mutating func fire(timer id: Int) -> IgnoredEvent? {
        guard let timer = state.timer, timer.id == id else { return .staleTimer }
        switch (timer.purpose, instruction) {
        case (.delay, .delay(_, let next)) where state.status == .waitingForTimer:
            state.timer = nil
            follow("next", to: next)
        case (.waitTimeout, .wait(let wait)) where state.status == .waitingForReply:
            state.timer = nil
            state.attempts = 0
            if let timeoutTarget = wait.timeoutTarget {
                follow("timeout", to: timeoutTarget)
            } else {
                finish(.timedOut)
            }
        default:
            return .staleTimer
        }
        return nil
    }

    /// An HTTP call finished; only the one the execution waits for counts.
    mutating func complete(_ result: HTTPResult) -> IgnoredEvent? {
        guard state.status == .waitingForHTTP, state.pendingCall == result.callID, case .http(let http) = instruction else {
            return .staleHTTPResult
        }
        state.pendingCall = nil
        state.flowVariables.httpStatus = result.status
        state.flowVariables.httpHeaders = Dictionary(result.headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        state.flowVariables.httpResponse = result.bodyValue
        guard result.isSuccess else {
            if let errorTarget = http.errorTarget {
                follow("error", to: errorTarget)
            } else {
                finish(.httpFailed)
            }
            return nil
        }
        if !http.save.isEmpty {
            let response = state.flowVariables.httpValue
            var saved: [String: TemplateValue] = [:]
            for save in http.save { saved[save.variable] = save.path.value(in: response) ?? .null }
            state.vars.merge(saved) { _, new in new }
            emit(.setVariables(saved))
        }
        follow("next", to: http.next)
        return nil
    }
}
