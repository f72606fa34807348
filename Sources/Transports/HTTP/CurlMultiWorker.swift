import CCurl
import Foundation

/// The body of the multi thread: drives the libcurl multi handle and owns every transfer
/// in flight. It is the only code that calls blocking or stateful libcurl functions.
///
/// Confined to its thread, so it needs no locks; it talks to the rest of the process only
/// through `CurlMultiLoop` and the jobs' continuations.
final class CurlMultiWorker {
    /// How long `curl_multi_poll` may sleep when libcurl has no earlier deadline. Every
    /// submission, cancellation and shutdown wakes it sooner, so this only bounds idling.
    private static let idlePollMilliseconds: Int32 = 60_000

    private let loop: CurlMultiLoop
    private let multi: UnsafeMutableRawPointer
    private var transfers: [UInt64: CurlEasyTransfer] = [:]
    private var jobIDs: [UnsafeMutableRawPointer: UInt64] = [:]
    /// Easy handles of finished transfers, reset and kept for the next ones: creating a
    /// handle per request cost a tenth of each send. Bounded by the most ever in flight.
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(loop: CurlMultiLoop) {
        self.loop = loop
        self.multi = loop.multi.pointer
    }

    /// Runs until shutdown is requested, then fails what is left and frees the handles.
    func run() {
        while true {
            let batch = loop.takeBatch()
            if batch.isShuttingDown {
                for job in batch.submitted { job.continuation.resume(returning: .failure(.shutDown(job.request))) }
                for (id, transfer) in transfers { finish(id, with: .failure(.shutDown(transfer.job.request))) }
                break
            }
            for job in batch.submitted { start(job) }
            for id in batch.cancelled {
                guard let transfer = transfers[id] else { continue }  // already finished
                finish(id, with: .failure(.cancelled(transfer.job.request)))
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectCompletedTransfers()
            _ = curl_multi_poll(multi, nil, 0, Self.idlePollMilliseconds, nil)
        }
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles = []
        curl_multi_cleanup(multi)  // closes the cached connections
    }

    private func start(_ job: CurlMultiLoop.Job) {
        guard let handle = idleHandles.popLast() ?? curl_easy_init() else {
            job.continuation.resume(
                returning: .failure(
                    HTTPError(
                        .transfer,
                        "libcurl could not allocate a handle for \(job.request.method.rawValue) \(job.request.url.hostDescription); the machine may be out of memory.",
                        isTransient: true)))
            return
        }
        let transfer: CurlEasyTransfer
        do {
            transfer = try CurlEasyTransfer(job: job, handle: handle, settings: loop.settings)
        } catch {
            recycle(handle)
            job.continuation.resume(returning: .failure(error))
            return
        }
        let code = curl_multi_add_handle(multi, transfer.handle)
        guard code == CURLM_OK else {
            recycle(handle)
            let detail = String(cString: curl_multi_strerror(code))
            let request = job.request
            job.continuation.resume(
                returning: .failure(
                    HTTPError(
                        .transfer,
                        "libcurl could not start the \(request.method.rawValue) to \(request.url.hostDescription) (\(detail)); the request can be retried.",
                        isTransient: true)))
            return
        }
        transfers[job.id] = transfer
        jobIDs[transfer.handle] = job.id
    }

    private func collectCompletedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            // The message dies with the handle's removal: read it before `finish`.
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle, let id = jobIDs[handle],
                let transfer = transfers[id]
            else { continue }
            finish(id, with: transfer.result(code: message.pointee.data.result))
        }
    }

    /// Detaches transfer `id` from the multi handle, frees it and resumes its caller.
    private func finish(_ id: UInt64, with result: Result<HTTPResponse, HTTPError>) {
        guard let transfer = transfers.removeValue(forKey: id) else { return }
        jobIDs[transfer.handle] = nil
        _ = curl_multi_remove_handle(multi, transfer.handle)
        recycle(transfer.handle)
        transfer.job.continuation.resume(returning: result)
    }

    /// Clears every option of `handle` (connections stay in the multi handle's cache) and
    /// keeps it for the next transfer.
    private func recycle(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        idleHandles.append(handle)
    }
}
