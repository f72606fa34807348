import Foundation

extension Data {
    /// Bytes from hex text such as a webhook signature header; nil when the text is not
    /// an even number of ASCII hex digits. Both providers' signature checks read their
    /// headers with it, once per webhook: it works on the UTF-8 bytes, not on Characters.
    init?(hexadecimal hex: Substring) {
        let digits = hex.utf8
        guard digits.count.isMultiple(of: 2) else { return nil }
        var data = Data(capacity: digits.count / 2)
        var high: UInt8?
        for digit in digits {
            let value: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                data.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        self = data
    }
}
