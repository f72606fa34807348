extension String {
    /// Escapes for the inside of a JSON string literal (RFC 8259): quote, backslash and
    /// control characters. `/` and non-ASCII stay as they are, which JSON allows.
    func jsonEscaped() -> String {
        guard unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 }) else {
            return self
        }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result.append("\\\"")
            case "\\": result.append("\\\\")
            case "\n": result.append("\\n")
            case "\r": result.append("\\r")
            case "\t": result.append("\\t")
            case "\u{08}": result.append("\\b")
            case "\u{0C}": result.append("\\f")
            case _ where scalar.value < 0x20:
                result.append("\\u00")
                result.append(Self.hexDigit(UInt8(scalar.value >> 4)))
                result.append(Self.hexDigit(UInt8(scalar.value & 0xF)))
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Percent-encodes every UTF-8 byte outside the RFC 3986 unreserved set
    /// (`A-Z a-z 0-9 - . _ ~`), with uppercase hex as RFC 3986 recommends.
    func percentEncodedComponent() -> String {
        guard !utf8.allSatisfy(Self.isUnreserved) else { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if Self.isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(Self.hexByte(byte >> 4))
                bytes.append(Self.hexByte(byte & 0xF))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexByte(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    private static func hexDigit(_ nibble: UInt8) -> Character {
        Character(Unicode.Scalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10))
    }
}
