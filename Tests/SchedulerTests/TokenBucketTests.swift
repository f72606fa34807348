import Foundation
import Scheduler
import Testing

@Suite("TokenBucket")
struct TokenBucketTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a full bucket allows its burst back to back, then one token per interval")
    func burstThenRate() {
        var bucket = TokenBucket(interval: .seconds(6), burst: 3)
        for _ in 0..<3 {
            #expect(bucket.nextAvailable(after: start) == start)
            bucket.take(at: start)
        }
        #expect(bucket.nextAvailable(after: start) == start.plus(6))
        bucket.take(at: start.plus(6))
        #expect(bucket.nextAvailable(after: start.plus(6)) == start.plus(12))
        #expect(bucket.isFull(at: start.plus(23)) == false)
        #expect(bucket.isFull(at: start.plus(24)))
    }

    @Test("sends the bucket allows never exceed burst plus elapsed intervals")
    func conformance() {
        var random = Fixtures.random(5)
        var bucket = TokenBucket(interval: .seconds(6), burst: 4)
        var sends: [Date] = []
        var instant = start
        for _ in 0..<500 {
            instant = bucket.nextAvailable(after: instant.plus(Double.random(in: 0...8, using: &random)))
            bucket.take(at: instant)
            sends.append(instant)
        }
        for first in sends.indices {
            for last in first..<min(sends.count, first + 40) {
                let allowed = 4 + Int((sends[last].timeIntervalSince(sends[first]) / 6).rounded(.down))
                #expect(last - first + 1 <= allowed)
            }
        }
    }

    @Test("a hold empties the bucket until its end")
    func hold() {
        var bucket = TokenBucket(interval: .seconds(6), burst: 10)
        bucket.hold(until: start.plus(30))
        #expect(bucket.nextAvailable(after: start) == start.plus(30))
        bucket.take(at: start.plus(30))
        #expect(bucket.nextAvailable(after: start.plus(30)) == start.plus(36))
    }

    @Test("a throughput bucket of 80 a second allows 80 at once and one every 12.5 ms after")
    func throughput() {
        var bucket = TokenBucket(perSecond: 80, burst: 80)
        for _ in 0..<80 { bucket.take(at: start) }
        #expect(abs(bucket.nextAvailable(after: start).timeIntervalSince(start) - 0.0125) < 1e-5)
    }
}
