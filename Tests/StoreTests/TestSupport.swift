import Foundation
import GRDB
import Store
import Testing

/// A directory of its own for one test, removed when the test lets go of it.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the directory (not created).
    func path(_ relativePath: String) -> String {
        url.appendingPathComponent(relativePath).path
    }
}

extension Date {
    /// The instant every test store believes it is (whole seconds, so it survives the
    /// database's millisecond precision unchanged).
    static let testNow = Date(timeIntervalSince1970: 1_750_000_000)
}

/// A store in memory whose clock stands at ``testNow``.
func makeStore() throws -> SQLiteStore {
    try SQLiteStore.inMemory(now: { .testNow })
}

/// A second, plain connection to a store's file, for writing what the store's API
/// cannot (sent contacts, bad rows) and reading what it does not expose.
func rawConnection(to path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.busyMode = .timeout(5)
    return try DatabaseQueue(path: path, configuration: configuration)
}

/// A lock holder for this process.
func makeHolder(command: String = "apply", pid: Int32 = getpid(), host: String = ProcessInfo.processInfo.hostName)
    -> LockHolder
{
    LockHolder(command: command, pid: pid, host: host, acquiredAt: .testNow)
}

/// Contacts `+15550000000`, `+15550000001`, ...
func makeContacts(_ count: Int, from first: Int = 0) -> [CampaignContact] {
    (first..<(first + count)).map { index in
        CampaignContact(phone: "+1555\(String(format: "%07d", index))", name: "Contact \(index)")
    }
}

/// Expects `body` to throw a ``StoreError`` with `code` and returns it.
@discardableResult
func expectStoreError(
    _ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> StoreError? {
    let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "no error")", sourceLocation: sourceLocation)
    return error
}
