import Foundation
import Testing

@testable import Manifest

/// What a daemon's reloads reuse: files whose stamp did not change are not read again.
@Suite("Validation cache")
struct ValidationCacheTests {
    private func write(_ text: String, to path: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test("unchanged files come from the cache; a changed, added or removed file is seen; the report equals a fresh one")
    func reuse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("kind: Sender\nname: s\nphone: \"+15550100001\"\n", to: "senders.yaml", in: directory)
        try write(
            "kind: Campaign\nname: c\nstate: draft\nsenders: [s]\nmessage: \"Hi <<contact.name>>\"\ncontacts: contacts.csv\n",
            to: "campaigns/c.yaml", in: directory)
        try write("phone,name\n+15550109001,Ann\n+15550109002,Bo\n", to: "contacts.csv", in: directory)
        let cache = ValidationCache(settlingTime: .zero)
        var validator = Validator(directory: directory.path)
        validator.cache = cache

        let first = try validator.validate()
        #expect(first.isValid())
        #expect(cache.statistics == (hits: 0, misses: 3))
        let second = try validator.validate()
        #expect(cache.statistics == (hits: 3, misses: 3))
        #expect(second.configuration.campaigns.map(\.header.name) == ["c"])
        #expect(second.contacts.mapValues(\.count) == first.contacts.mapValues(\.count))

        // A new size is a new stamp: the broken campaign is read and reported.
        try write(
            "kind: Campaign\nname: c\nstate: nonsense\nsenders: [s]\nmessage: hi\ncontacts: contacts.csv\n", to: "campaigns/c.yaml", in: directory)
        try write("phone,name\n+15550109001,Ann\nnot-a-phone,Bo\n", to: "contacts.csv", in: directory)
        let broken = try validator.validate()
        #expect(!broken.isValid())
        let fresh = try Validator(directory: directory.path).validate()
        #expect(broken.diagnostics == fresh.diagnostics)
        #expect(cache.statistics.misses == 5)

        try FileManager.default.removeItem(at: directory.appendingPathComponent("campaigns/c.yaml"))
        try write("kind: Sender\nname: t\nphone: \"+15550100002\"\n", to: "more.yaml", in: directory)
        let third = try validator.validate()
        #expect(third.configuration.senders.map(\.header.name).sorted() == ["s", "t"])
        #expect(third.configuration.campaigns.isEmpty)
    }

    @Test("a file changed within the settling time is read every time")
    func recentFilesAreRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("kind: Sender\nname: s\nphone: \"+15550100001\"\n", to: "senders.yaml", in: directory)
        let cache = ValidationCache(settlingTime: .seconds(3600))
        var validator = Validator(directory: directory.path)
        validator.cache = cache
        _ = try validator.validate()
        // Same size, possibly the same time tick: a stamp this fresh is not trusted.
        try write("kind: Sender\nname: t\nphone: \"+15550100001\"\n", to: "senders.yaml", in: directory)
        let report = try validator.validate()
        #expect(report.configuration.senders.map(\.header.name) == ["t"])
        #expect(cache.statistics.hits == 0)
    }
}
