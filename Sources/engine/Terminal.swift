import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output and error as file handles, with the colour decision made once.
struct Terminal {
    let handle: FileHandle
    let descriptor: Int32

    static let standardOutput = Terminal(handle: .standardOutput, descriptor: 1)
    static let standardError = Terminal(handle: .standardError, descriptor: 2)

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    var supportsColor: Bool {
        isatty(descriptor) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
