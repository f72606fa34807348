import Foundation
import Store
import Synchronization

/// A contact list being read on another thread: `value` waits until it is there.
///
/// Used only from the store's writer thread inside a transaction (never from Swift's
/// cooperative pool), which is why blocking is acceptable here.
final class PendingContacts: Sendable {
    private let contacts = Mutex<[CampaignContact]?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    init() {}

    /// A list that is already there.
    init(fulfilled contacts: [CampaignContact]) {
        self.contacts.withLock { $0 = contacts }
        ready.signal()
    }

    /// Hands the list over; call once.
    func fulfil(_ list: [CampaignContact]) {
        contacts.withLock { $0 = list }
        ready.signal()
    }

    /// The list, waiting for it the first time.
    var value: [CampaignContact] {
        if let list = contacts.withLock({ $0 }) { return list }
        ready.wait()
        ready.signal()  // later callers (and other readers) pass straight through
        return contacts.withLock { $0 } ?? []
    }
}
