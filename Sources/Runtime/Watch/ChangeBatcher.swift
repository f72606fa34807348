/// Coalesces file-system events into batches: a batch closes once no event came for
/// `quiet`, or `longest` after its first event when they keep coming (a `git checkout`
/// of many files), so one save makes one reload and a long stream of changes still
/// reloads regularly. Pure: the caller passes the time.
public struct ChangeBatcher: Sendable {
    /// How long without events closes a batch.
    public let quiet: Duration
    /// The longest a batch stays open.
    public let longest: Duration
    private var paths: Set<String> = []
    private var firstAt: ContinuousClock.Instant?
    private var lastAt: ContinuousClock.Instant?

    /// Creates a batcher.
    public init(quiet: Duration = .milliseconds(50), longest: Duration = .milliseconds(200)) {
        self.quiet = quiet
        self.longest = max(quiet, longest)
    }

    /// Records a change of `path` at `now`.
    public mutating func record(_ path: String, at now: ContinuousClock.Instant) {
        paths.insert(path)
        if firstAt == nil { firstAt = now }
        lastAt = now
    }

    /// When the open batch closes; nil when none is open.
    public var deadline: ContinuousClock.Instant? {
        guard let firstAt, let lastAt else { return nil }
        return min(lastAt + quiet, firstAt + longest)
    }

    /// The batch's paths when it closed by `now`, emptying it; nil while it is open or
    /// when there is none.
    public mutating func take(at now: ContinuousClock.Instant) -> Set<String>? {
        guard let deadline, now >= deadline else { return nil }
        defer {
            paths = []
            firstAt = nil
            lastAt = nil
        }
        return paths
    }
}
