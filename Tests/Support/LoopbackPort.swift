import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why no loopback port could be probed.
public struct LoopbackPortError: Error, CustomStringConvertible {
    public var description: String
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bound, read, closed): for a
/// refused connection, or for a server started in another process.
public func closedLoopbackPort() throws -> UInt16 {
    let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(probe) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let isBound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0 }
    }
    guard isBound else { throw LoopbackPortError(description: "bind: errno \(errno)") }
    return UInt16(bigEndian: address.sin_port)
}
