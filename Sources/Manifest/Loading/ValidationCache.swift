import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a long-running process keeps between validations of the same directory, so that
/// a reload parses only the files that changed.
///
/// A YAML file's load (parse, shape checks, decoding, the flow check) and a contact
/// file's parse are kept by absolute path with the file's ``FileStamp``; a file whose
/// stamp is unchanged is not read again. Rules that look across files always run, on the
/// cached pieces. Give one cache to every ``Validator`` of a directory; it is safe to
/// share between threads.
public final class ValidationCache: Sendable {
    private let yaml = Mutex<[String: (stamp: FileStamp, file: LoadedFile)]>([:])
    private let contacts = Mutex<[String: (stamp: FileStamp, variant: ContactParseVariant, outcome: ContactRules.FileOutcome)]>([:])
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    /// Files modified this recently are read every time (see ``FileStamp``).
    let settlingTime: Duration

    /// Creates an empty cache.
    /// - Parameter settlingTime: how old a file's last change must be before its stamp
    ///   is trusted. File times move in ticks of a few milliseconds, so a file written
    ///   twice within one tick at the same size would keep its stamp.
    public init(settlingTime: Duration = .seconds(1)) {
        self.settlingTime = settlingTime
    }

    /// The stamp of a file worth caching, if it is settled.
    func stamp(_ path: String) -> FileStamp? {
        FileStamp(path: path, settledFor: settlingTime)
    }

    /// Files served from the cache and files read since the cache was made.
    public var statistics: (hits: Int, misses: Int) { counters.withLock { $0 } }

    func loadedFile(at path: String, stamp: FileStamp?, load: () -> LoadedFile) -> LoadedFile {
        if let stamp, let entry = yaml.withLock({ $0[path] }), entry.stamp == stamp {
            counters.withLock { $0.hits += 1 }
            return entry.file
        }
        counters.withLock { $0.misses += 1 }
        let file = load()
        if let stamp { yaml.withLock { $0[path] = (stamp, file) } }
        return file
    }

    func contactOutcome(
        at path: String, stamp: FileStamp?, variant: ContactParseVariant, parse: () -> ContactRules.FileOutcome
    ) -> ContactRules.FileOutcome {
        if let stamp, let entry = contacts.withLock({ $0[path] }), entry.stamp == stamp, entry.variant == variant {
            counters.withLock { $0.hits += 1 }
            return entry.outcome
        }
        counters.withLock { $0.misses += 1 }
        let outcome = parse()
        if let stamp { contacts.withLock { $0[path] = (stamp, variant, outcome) } }
        return outcome
    }

    /// Forgets files that are no longer part of the configuration.
    func retain(yamlPaths: Set<String>) {
        yaml.withLock { entries in entries = entries.filter { yamlPaths.contains($0.key) } }
    }
}

/// How a contact file was parsed: the same bytes parse differently under another default
/// country code.
struct ContactParseVariant: Hashable, Sendable {
    var defaultCountryCode: String?
    var fingerprinting: Bool
}

/// Identifies a version of a file without reading it: device, inode, size, and the
/// modification and change times to the nanosecond. An editor that saves by renaming
/// gives a new inode; one that writes in place moves the times.
struct FileStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: timespec
    var changed: timespec

    /// The file's stamp, or nil when it cannot be read or changed less than `settling`
    /// ago (then nothing is cached).
    init?(path: String, settledFor settling: Duration) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        func age(_ time: timespec) -> Duration {
            .seconds(now.tv_sec - time.tv_sec) + .nanoseconds(now.tv_nsec - time.tv_nsec)
        }
        guard age(info.st_mtim) >= settling, age(info.st_ctim) >= settling else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = info.st_mtim
        changed = info.st_ctim
    }

    static func == (lhs: FileStamp, rhs: FileStamp) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size && lhs.modified.tv_sec == rhs.modified.tv_sec
            && lhs.modified.tv_nsec == rhs.modified.tv_nsec && lhs.changed.tv_sec == rhs.changed.tv_sec
            && lhs.changed.tv_nsec == rhs.changed.tv_nsec
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(inode)
        hasher.combine(size)
        hasher.combine(modified.tv_nsec)
    }
}
