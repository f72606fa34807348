import CQRencode

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A QR code symbol as a square matrix of modules, encoded by libqrencode.
///
/// A value: the C structure is copied into ``modules`` and freed in the initializer, so
/// a `QRCode` holds no C memory and can be shared across tasks. Render it with
/// ``terminalRendering(quietZone:inverted:)`` or ``svg(moduleSize:quietZone:)``.
public struct QRCode: Sendable, Hashable {
    /// How much of the symbol may be damaged and still read; more correction makes a
    /// bigger symbol for the same text.
    public enum Correction: Sendable, Hashable {
        /// About 7% of the codewords can be restored.
        case low
        /// About 15%; the usual choice for screens.
        case medium
        /// About 25%.
        case quartile
        /// About 30%.
        case high
    }

    /// The symbol version, 1 (21×21 modules) to 40 (177×177).
    public let version: Int
    /// The modules, row by row from the top, left to right; `true` is dark.
    /// Always ``size`` rows of ``size`` modules, without the quiet zone.
    public let modules: [[Bool]]

    /// The number of modules on a side, without the quiet zone: `17 + 4 × version`.
    public var size: Int { modules.count }

    /// Encodes `text` as UTF-8 in 8-bit mode, case preserved (libqrencode may still pick
    /// numeric or alphanumeric segments where they are shorter and mean the same bytes).
    ///
    /// - Throws: ``QRCodeError`` `qr.invalid-input` for an empty text or one containing
    ///   NUL, `qr.too-long` when it does not fit in version 40 at `correction`.
    public init(encoding text: String, correction: Correction = .medium) throws(QRCodeError) {
        guard !text.isEmpty, !text.utf8.contains(0) else {
            throw QRCodeError(.invalidInput, "Cannot encode an empty text, or one containing NUL, as a QR code")
        }
        errno = 0
        guard let symbol = QRcode_encodeString(text, 0, correction.level, QR_MODE_8, 1) else {
            if errno == ERANGE {
                throw QRCodeError(.tooLong, "The text (\(text.utf8.count) bytes) is too long for a QR code; shorten it or lower the correction level")
            }
            if errno == EINVAL {
                throw QRCodeError(.invalidInput, "libqrencode refused the text as invalid input")
            }
            throw QRCodeError(.encoderFailed, "libqrencode could not encode the text (errno \(errno))")
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = symbol.pointee.data!
        // Bit 0 of each byte is the module's colour (1 dark); the other bits say which
        // function pattern it belongs to.
        version = Int(symbol.pointee.version)
        modules = (0..<width).map { row in
            (0..<width).map { column in data[row * width + column] & 1 == 1 }
        }
    }

    /// Whether the module at `row`, `column` is dark; anything outside the symbol (the
    /// quiet zone) is light.
    public func isDark(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return modules[row][column]
    }
}

extension QRCode.Correction {
    var level: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}
