import Foundation

extension OutboxDispatcher {
    /// The daemon's loop: decides, starts what is due, and sleeps on the clock until the
    /// next wake, a settled send, or ``wake()``, at most ``OutboxDispatcherSettings/pollInterval``.
    ///
    /// Returns when its task is cancelled, after the sends in flight have settled (so that
    /// a graceful stop leaves nothing in `sending`). A failed tick is reported and tried
    /// again after ``OutboxDispatcherSettings/errorBackoff``.
    /// - Throws: ``RuntimeError`` when ``start()`` fails: nothing was sent.
    public func run() async throws(RuntimeError) {
        try start()
        while !Task.isCancelled {
            isWakeRequested = false
            let current = now()
            var delay = settings.pollInterval
            do {
                if let wake = try tick(now: current) {
                    delay = min(delay, Self.duration(from: now(), to: wake))
                }
            } catch {
                report(error)
                delay = settings.errorBackoff
            }
            guard !isWakeRequested, delay > .zero else { continue }
            let sleep = alarm(delay)
            let sleeping = Task { try await sleep() }
            sleeper = sleeping
            await withTaskCancellationHandler {
                _ = await sleeping.result
            } onCancel: {
                sleeping.cancel()
            }
            sleeper = nil
        }
        // Stopping: the sends in flight finish, for at most the grace period.
        let grace = alarm(settings.shutdownGrace)
        let deadline = Task {
            try await grace()
            self.stopWaitingForSends()
        }
        await waitForSends()
        deadline.cancel()
    }

    /// Releases the callers of ``waitForSends()`` for good: the grace period is over.
    func stopWaitingForSends() {
        isDrainAbandoned = true
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Makes the loop decide again now: call it after enqueueing rows another way than
    /// ``enqueue(_:)`` (a flow step's commit). Cheap; extra calls do no harm.
    public func wake() {
        isWakeRequested = true
        sleeper?.cancel()
    }

    /// The time from `start` to `end`, zero when `end` has passed.
    static func duration(from start: Date, to end: Date) -> Duration {
        let seconds = end.timeIntervalSince(start)
        guard seconds > 0 else { return .zero }
        // Rounded up to the microsecond, so the loop never wakes just before the instant.
        return .microseconds(Int64((min(seconds, 1e9) * 1e6).rounded(.up)))
    }
}
