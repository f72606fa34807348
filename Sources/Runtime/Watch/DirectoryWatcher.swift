import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches a directory tree with inotify and reports batches of changed paths.
///
/// Every directory below the root is watched, including directories created or moved in
/// later (their files count as changed); removed directories are forgotten. Saving by
/// writing a temporary file and renaming it over the original reports the original's
/// path. Hidden files and directories (`.git`, `.engine`, editors' `.swp` files), backup
/// files ending in `~` and paths `isIgnored` names are not reported; hidden directories
/// are not even watched. When the kernel's event queue overflows, the batch holds the
/// root itself (`""`): something changed, look at everything.
///
/// The watcher reads events on a thread of its own; batches (see ``ChangeBatcher``)
/// arrive on ``changes`` with paths relative to the root.
public final class DirectoryWatcher: Sendable {
    /// Batches of changed paths, relative to the root.
    public let changes: AsyncStream<Set<String>>
    private let continuation: AsyncStream<Set<String>>.Continuation
    private let descriptor: Int32
    /// Written to stop the thread.
    private let stopPipe: (read: Int32, write: Int32)
    private let state: Mutex<WatchState>
    private let root: String
    private let isIgnored: @Sendable (String) -> Bool
    private let skipsDirectory: @Sendable (String) -> Bool

    /// Starts watching `directory`.
    /// - Parameters:
    ///   - batcher: how events are coalesced.
    ///   - isIgnored: paths (relative to the root) never reported, such as a state
    ///     database kept in the tree.
    ///   - skipsDirectory: directories (relative to the root) not watched at all, such as
    ///     those `.engineignore` lists.
    /// - Throws: ``WatchError`` when inotify cannot be set up or the root not watched.
    public init(
        directory: String, batcher: ChangeBatcher = ChangeBatcher(), isIgnored: @escaping @Sendable (String) -> Bool = { _ in false },
        skipsDirectory: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(WatchError) {
        root = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.isIgnored = isIgnored
        self.skipsDirectory = skipsDirectory
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw WatchError("inotify is not available: \(String(cString: strerror(errno)))") }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(descriptor)
            throw WatchError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.descriptor = descriptor
        stopPipe = (fds[0], fds[1])
        state = Mutex(WatchState(batcher: batcher))
        (changes, continuation) = AsyncStream.makeStream(of: Set<String>.self, bufferingPolicy: .unbounded)
        guard addTree("") else {
            close(descriptor)
            close(fds[0])
            close(fds[1])
            throw WatchError("cannot watch \(root): \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [self] in readLoop() }
        thread.name = "config-watcher"
        thread.start()
    }

    deinit {
        close(descriptor)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// Stops watching; ``changes`` ends.
    public func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }

    /// Watches `relative` and every directory below it. Returns false when `relative`
    /// itself cannot be watched.
    @discardableResult
    private func addTree(_ relative: String, reportingFiles: Bool = false) -> Bool {
        let absolute = relative.isEmpty ? root : root + "/" + relative
        let mask =
            UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB)
            | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)
        let watch = inotify_add_watch(descriptor, absolute, mask)
        guard watch >= 0 else { return false }
        state.withLock { $0.directories[watch] = relative }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { return true }
        let now = ContinuousClock.now
        for name in entries.sorted() where !Self.isHidden(name) {
            let child = relative.isEmpty ? name : relative + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if !skipsDirectory(child) { addTree(child, reportingFiles: reportingFiles) }
            } else if reportingFiles, !isIgnored(child) {
                state.withLock { $0.batcher.record(child, at: now) }
            }
        }
        return true
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let deadline = state.withLock { $0.batcher.deadline }
            var timeout: Int32 = -1
            if let deadline {
                let left = deadline - ContinuousClock.now
                timeout = Int32(max(0, (left.components.seconds * 1000) + Int64(left.components.attoseconds / 1_000_000_000_000_000) + 1))
            }
            var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, timeout)
            if ready < 0, errno != EINTR { break }
            if fds[1].revents != 0 { break }
            if fds[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 { handleEvents(buffer, count: count) }
            }
            if let batch = state.withLock({ $0.batcher.take(at: ContinuousClock.now) }), !batch.isEmpty {
                continuation.yield(batch)
            }
        }
        continuation.finish()
    }

    /// Parses `inotify_event`s: `wd` (Int32), `mask`, `cookie`, `len` (UInt32), then
    /// `len` bytes of NUL-padded name.
    private func handleEvents(_ buffer: [UInt8], count: Int) {
        let now = ContinuousClock.now
        var offset = 0
        while offset + 16 <= count {
            let (watch, mask, length) = buffer.withUnsafeBytes { raw in
                (
                    raw.loadUnaligned(fromByteOffset: offset, as: Int32.self), raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                    Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                )
            }
            let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += 16 + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                state.withLock { $0.batcher.record("", at: now) }
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                state.withLock { _ = $0.directories.removeValue(forKey: watch) }
                continue
            }
            guard let directory = state.withLock({ $0.directories[watch] }) else { continue }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                state.withLock { $0.batcher.record(directory, at: now) }
                continue
            }
            guard !name.isEmpty, !Self.isHidden(name) else { continue }
            let path = directory.isEmpty ? name : directory + "/" + name
            if mask & UInt32(IN_ISDIR) != 0 {
                guard !skipsDirectory(path) else { continue }
                if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { addTree(path, reportingFiles: true) }
                state.withLock { $0.batcher.record(path, at: now) }
                continue
            }
            guard !isIgnored(path) else { continue }
            state.withLock { $0.batcher.record(path, at: now) }
        }
    }

    /// Dot files and directories and `~` backups.
    static func isHidden(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
    }
}

/// What the watcher's thread keeps.
struct WatchState: Sendable {
    var batcher: ChangeBatcher
    /// Watched directories by watch descriptor, relative to the root.
    var directories: [Int32: String] = [:]
}

/// Why a directory cannot be watched.
public struct WatchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
