import Foundation

/// The pair buckets of every (sender, contact) pair that sent recently, found by contact
/// with one lookup.
///
/// A bucket that has refilled says nothing a fresh one would not, so full buckets are
/// dropped whenever the ledger has doubled since the last sweep: memory follows the pairs
/// of the last few minutes, and the sweeps cost O(1) amortized per send.
struct PairLedger: Sendable {
    /// One sender's bucket for a contact.
    struct Entry: Sendable {
        var sender: Int
        var bucket: TokenBucket
    }

    private var entries: [String: [Entry]] = [:]
    private var sweepAt = 1024

    /// The buckets held for `recipient`, if any.
    func entries(for recipient: String) -> [Entry]? {
        entries[recipient]
    }

    /// The earliest instant at or after `date` at which `sender` may message `recipient`.
    func nextAvailable(recipient: String, sender: Int, after date: Date) -> Date {
        entries[recipient]?.first { $0.sender == sender }?.bucket.nextAvailable(after: date) ?? date
    }

    /// Counts a message from `sender` to `recipient` at `date`.
    mutating func take(recipient: String, sender: Int, limit: PairLimit, at date: Date) {
        update(recipient: recipient, sender: sender, limit: limit) { $0.take(at: date) }
    }

    /// Holds back messages from `sender` to `recipient` until `date`.
    mutating func hold(recipient: String, sender: Int, limit: PairLimit, until date: Date) {
        update(recipient: recipient, sender: sender, limit: limit) { $0.hold(until: date) }
    }

    /// Drops the buckets that are full at `now`, when the ledger has grown enough to be worth it.
    mutating func sweepIfNeeded(at now: Date) {
        guard entries.count >= sweepAt else { return }
        entries = entries.compactMapValues { list in
            let kept = list.filter { !$0.bucket.isFull(at: now) }
            return kept.isEmpty ? nil : kept
        }
        sweepAt = max(1024, entries.count * 2)
    }

    /// How many contacts have a bucket.
    var count: Int { entries.count }

    private mutating func update(recipient: String, sender: Int, limit: PairLimit, _ change: (inout TokenBucket) -> Void) {
        // Taken out and put back so that the list is mutated in place, not copied.
        var list = entries.removeValue(forKey: recipient) ?? []
        if let position = list.firstIndex(where: { $0.sender == sender }) {
            change(&list[position].bucket)
        } else {
            var bucket = limit.makeBucket()
            change(&bucket)
            list.append(Entry(sender: sender, bucket: bucket))
        }
        entries[recipient] = list
    }
}
