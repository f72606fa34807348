import CCurl
import Foundation
import Synchronization

/// The mailbox between `send` callers and the one thread that drives a libcurl multi
/// handle; it also starts that thread and reports when it has finished.
///
/// Callers on any thread submit jobs and cancellations under a mutex, then wake the
/// thread with `curl_multi_wakeup`, which libcurl documents as callable from any thread.
/// The thread starts on the first submission, so an unused client costs no thread.
final class CurlMultiLoop: Sendable {
    /// A request handed to the multi thread, with the continuation to resume exactly once.
    struct Job: Sendable {
        let id: UInt64
        let request: HTTPRequest
        let continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>
    }

    /// Limits fixed when the client is created.
    struct Settings: Sendable {
        var maximumResponseBodySize: Int
        var connectTimeout: Duration
        var maximumIdleConnections: Int
    }

    /// What the multi thread takes from the mailbox in one go.
    struct Batch {
        var submitted: [Job]
        var cancelled: [UInt64]
        var isShuttingDown: Bool
    }

    /// The multi handle (`CURLM *`). Only the multi thread uses it, except for
    /// `curl_multi_wakeup`, which is thread-safe and only called while `phase` is `.running`.
    struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    private enum Phase {
        /// No thread yet.
        case idle
        /// The thread polls the handle; wake it after queueing work.
        case running
        /// The thread has taken the shutdown request and is about to free the handle.
        case stopping
        /// The thread has exited (or was never needed) and the handle is freed.
        case stopped
    }

    private struct Mailbox {
        var phase = Phase.idle
        var nextID: UInt64 = 0
        var submitted: [Job] = []
        var cancelled: [UInt64] = []
        var isShutdownRequested = false
        /// Whether the thread may be asleep in `curl_multi_poll` without a wakeup pending.
        /// Only the first submission after it took a batch needs to wake it: under load
        /// this saves a system call per request.
        var needsWakeup = false
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let settings: Settings
    let multi: MultiHandle
    private let mailbox = Mutex(Mailbox())

    /// Creates the multi handle; the thread starts later, on the first submission.
    ///
    /// - Throws: `HTTPError` when libcurl cannot initialise (a broken installation or no memory).
    init(settings: Settings) throws(HTTPError) {
        let global = CurlGlobal.initialization
        guard global == CURLE_OK, let pointer = curl_multi_init() else {
            throw HTTPError(
                .transfer,
                "libcurl failed to initialise (\(String(cString: curl_easy_strerror(global)))). Check the libcurl4 installation and free memory; no HTTP request can be sent.",
                isTransient: false)
        }
        // Idle keep-alive connections kept for reuse across all transfers.
        _ = ccurl_multi_setopt_long(pointer, CURLMOPT_MAXCONNECTS, settings.maximumIdleConnections)
        self.settings = settings
        self.multi = MultiHandle(pointer: pointer)
    }

    /// A fresh identifier for the next job.
    func makeJobID() -> UInt64 {
        mailbox.withLock { mailbox in
            mailbox.nextID += 1
            return mailbox.nextID
        }
    }

    /// Hands `job` to the multi thread, or fails it at once when its task is already
    /// cancelled or the loop is shutting down.
    ///
    /// Must be called from the sending task. Checking `Task.isCancelled` under the lock
    /// that `cancel(_:)` takes closes the race with a cancellation handler that ran before
    /// the job was queued: a task's cancelled flag is set before its handlers run.
    func submit(_ job: Job) {
        enum Outcome { case queued, cancelled, shutDown }
        let outcome = mailbox.withLock { mailbox -> Outcome in
            if mailbox.isShutdownRequested { return .shutDown }
            if Task.isCancelled { return .cancelled }
            mailbox.submitted.append(job)
            switch mailbox.phase {
            case .idle:
                mailbox.phase = .running
                startThread()
            case .running:
                if mailbox.needsWakeup {
                    mailbox.needsWakeup = false
                    curl_multi_wakeup(multi.pointer)
                }
            case .stopping, .stopped:
                preconditionFailure("the loop stops only after shutdown was requested")
            }
            return .queued
        }
        switch outcome {
        case .queued: break
        case .cancelled: job.continuation.resume(returning: .failure(.cancelled(job.request)))
        case .shutDown: job.continuation.resume(returning: .failure(.shutDown(job.request)))
        }
    }

    /// Asks the multi thread to abandon job `id`; a no-op if it already finished.
    func cancel(_ id: UInt64) {
        mailbox.withLock { mailbox in
            guard case .running = mailbox.phase else { return }
            mailbox.cancelled.append(id)
            curl_multi_wakeup(multi.pointer)
        }
    }

    /// Asks the thread to fail every pending job, free libcurl's handles and exit. Returns
    /// at once; idempotent.
    func requestShutdown() {
        let waiters = mailbox.withLock { mailbox -> [CheckedContinuation<Void, Never>] in
            mailbox.isShutdownRequested = true
            switch mailbox.phase {
            case .idle:
                // No thread ever ran: free the handle here.
                curl_multi_cleanup(multi.pointer)
                mailbox.phase = .stopped
                defer { mailbox.shutdownWaiters = [] }
                return mailbox.shutdownWaiters
            case .running:
                curl_multi_wakeup(multi.pointer)
                return []
            case .stopping, .stopped:
                return []
            }
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Requests shutdown and returns once the thread has exited and freed everything.
    func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let isStopped = mailbox.withLock { mailbox in
                if case .stopped = mailbox.phase { return true }
                mailbox.shutdownWaiters.append(waiter)
                return false
            }
            if isStopped { waiter.resume() } else { requestShutdown() }
        }
    }

    // MARK: - Called by the multi thread

    /// Takes everything queued since the last call. Once shutdown was requested it also
    /// stops further wakeups, because the thread frees the handle next.
    func takeBatch() -> Batch {
        mailbox.withLock { mailbox in
            defer {
                mailbox.submitted = []
                mailbox.cancelled = []
            }
            if mailbox.isShutdownRequested { mailbox.phase = .stopping }
            mailbox.needsWakeup = true
            return Batch(submitted: mailbox.submitted, cancelled: mailbox.cancelled, isShuttingDown: mailbox.isShutdownRequested)
        }
    }

    /// Records that the thread has freed the handle and resumes everyone awaiting `shutdown()`.
    func didStop() {
        let waiters = mailbox.withLock { mailbox in
            mailbox.phase = .stopped
            defer { mailbox.shutdownWaiters = [] }
            return mailbox.shutdownWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func startThread() {
        let thread = Thread { [self] in
            CurlMultiWorker(loop: self).run()
            didStop()
        }
        thread.name = "curl-multi"
        thread.start()
    }
}
