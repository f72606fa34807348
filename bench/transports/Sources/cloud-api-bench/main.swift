import Foundation
import Transports

// cloud-api-bench BASE_URL MESSAGES CONCURRENCY [THREADS]
// Sends MESSAGES text messages through CloudAPITransport + CurlHTTPClient (with THREADS
// libcurl threads, default 1) to BASE_URL (a server answering every POST with the Cloud
// API's success body), CONCURRENCY at a time, and prints `sent=N failed=N seconds=S rate=R`.
let arguments = CommandLine.arguments
guard arguments.count == 4 || arguments.count == 5, let base = URL(string: arguments[1]), let total = Int(arguments[2]),
    let concurrency = Int(arguments[3]), let threads = Int(arguments.count == 5 ? arguments[4] : "1")
else {
    FileHandle.standardError.write(Data("usage: cloud-api-bench BASE_URL MESSAGES CONCURRENCY [THREADS]\n".utf8))
    exit(64)
}
let client = try CurlHTTPClient(threads: threads)
let transport = CloudAPITransport(
    configuration: CloudAPIConfiguration(
        phoneNumberID: "106540352242922", accessToken: "bench-token", appSecret: "bench", verifyToken: "bench", baseURL: base),
    client: client)

let started = ContinuousClock.now
let failures = await withTaskGroup(of: Int.self) { group in
    var next = 0
    var failed = 0
    func add() {
        let index = next
        next += 1
        group.addTask {
            let to = "+1555" + String(format: "%07d", index % 10_000_000)
            let outcome = await transport.send(OutboundMessage(to: to, content: .text("Benchmark message \(index)")), attempt: 0)
            if case .accepted = outcome { return 0 }
            return 1
        }
    }
    for _ in 0..<min(concurrency, total) { add() }
    for await result in group {
        failed += result
        if next < total { add() }
    }
    return failed
}
let elapsed = ContinuousClock.now - started
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "sent=%d failed=%d seconds=%.3f rate=%.0f", total - failures, failures, seconds, Double(total) / seconds))
await client.shutdown()
