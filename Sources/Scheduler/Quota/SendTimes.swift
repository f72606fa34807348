import Foundation

/// The send instants of one sender, oldest first, as seconds since the reference date: a
/// deque that appends at the back and drops expired instants from the front.
///
/// Sends arrive in order in practice (a sender is busy until its last send has gone
/// out), so appending is O(1) amortized; an out-of-order instant (a log loaded unsorted,
/// a clock stepped back) is inserted in place. Lookups are binary searches.
///
/// Plain `Double`s rather than `Date`s: `Date` is a `Double` underneath, `a + length` is
/// exactly what `Date.addingTimeInterval` computes, and comparing numbers keeps the
/// binary searches cheap even in debug builds.
struct SendTimes: Sendable, Hashable {
    private var storage: [Double] = []
    private var head = 0

    init(_ dates: [Date]) {
        storage = dates.map(\.timeIntervalSinceReferenceDate).sorted()
    }

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }
    var last: Double? { isEmpty ? nil : storage[storage.count - 1] }

    subscript(position: Int) -> Double { storage[head + position] }

    /// The instants, oldest first.
    var dates: [Date] { storage[head...].map(Date.init(timeIntervalSinceReferenceDate:)) }

    /// Adds an instant, keeping the order.
    mutating func insert(_ instant: Double) {
        guard let last, instant < last else {
            storage.append(instant)
            return
        }
        storage.insert(instant, at: head + firstIndex(after: instant))
    }

    /// Drops instants from the front that are at least `length` older than the newest.
    mutating func removeExpired(length: Double) {
        guard let newest = last else { return }
        while head < storage.count, storage[head] + length <= newest { head += 1 }
        if head > 64, head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    /// The first position whose instant is later than `instant`; `count` when none is.
    func firstIndex(after instant: Double) -> Int {
        var low = head, high = storage.count
        while low < high {
            let middle = low + (high - low) / 2
            if storage[middle] > instant { high = middle } else { low = middle + 1 }
        }
        return low - head
    }

    /// The first position whose instant, `length` later, is after `instant`: the oldest
    /// send still inside a window of that length at `instant`.
    func firstIndex(expiringAfter instant: Double, length: Double) -> Int {
        var low = head, high = storage.count
        while low < high {
            let middle = low + (high - low) / 2
            if storage[middle] + length > instant { high = middle } else { low = middle + 1 }
        }
        return low - head
    }
}
