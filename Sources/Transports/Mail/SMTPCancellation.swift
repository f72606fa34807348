import CCurl
import Synchronization

/// The link between a sending task's cancellation handler and the queue running its
/// transfer: cancelling sets a flag and wakes the transfer's `curl_multi_poll`, which
/// libcurl documents as safe from any thread.
final class SMTPCancellation: Sendable {
    /// A multi handle (`CURLM *`), shared only for `curl_multi_wakeup`.
    private struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    private struct State {
        var isCancelled = false
        /// Set while a transfer polls: the handle to wake.
        var multi: MultiHandle?
    }

    private let state = Mutex(State())

    /// Whether the sending task was cancelled.
    var isCancelled: Bool { state.withLock { $0.isCancelled } }

    /// Marks the send cancelled and wakes its transfer, if one is polling.
    func cancel() {
        state.withLock { state in
            state.isCancelled = true
            if let multi = state.multi { curl_multi_wakeup(multi.pointer) }
        }
    }

    /// Registers the multi handle a transfer is about to poll; returns false (and
    /// registers nothing) when the send was cancelled already.
    func attach(_ multi: UnsafeMutableRawPointer) -> Bool {
        state.withLock { state in
            guard !state.isCancelled else { return false }
            state.multi = MultiHandle(pointer: multi)
            return true
        }
    }

    /// Forgets the multi handle; called before it is freed, so no wakeup can touch it after.
    func detach() {
        state.withLock { $0.multi = nil }
    }
}
