import Foundation
import Synchronization
import Transports

/// An `HTTPSending` that holds every request until the test answers it, so a test can
/// act while a call is in flight. A cancelled caller gets `.cancelled`, like libcurl's client.
final class GatedHTTPClient: HTTPSending {
    private struct Waiting {
        var id: Int
        var continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>
    }

    private struct State {
        var nextID = 0
        var requests: [HTTPRequest] = []
        var waiting: [Waiting] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// Every request received, in order.
    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>) in
                let ready = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                    guard !Task.isCancelled else { return nil }
                    state.requests.append(request)
                    state.waiting.append(Waiting(id: id, continuation: continuation))
                    let count = state.requests.count
                    let ready = state.watchers.filter { $0.count <= count }.map(\.continuation)
                    state.watchers.removeAll { $0.count <= count }
                    return ready
                }
                guard let ready else { return continuation.resume(returning: .failure(Self.cancelled)) }
                for watcher in ready { watcher.resume() }
            }
        } onCancel: {
            let waiting = state.withLock { state -> Waiting? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index)
            }
            waiting?.continuation.resume(returning: .failure(Self.cancelled))
        }
        return try result.get()
    }

    /// Returns once `count` requests have arrived in all.
    func waitForRequests(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isReady = state.withLock { state in
                guard state.requests.count < count else { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if isReady { continuation.resume() }
        }
    }

    /// Answers the oldest request still waiting.
    func answer(_ response: HTTPResponse) {
        let waiting = state.withLock { state in state.waiting.isEmpty ? nil : state.waiting.removeFirst() }
        waiting?.continuation.resume(returning: .success(response))
    }

    private static let cancelled = HTTPError(.cancelled, "cancelled by the test", isTransient: false)
}
