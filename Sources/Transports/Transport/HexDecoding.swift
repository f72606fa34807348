import Foundation

extension Data {
    /// Bytes from hex text such as a webhook signature header; nil when the text is not
    /// an even number of hex digits. Both providers' signature checks read their headers
    /// with it.
    init?(hexadecimal hex: Substring) {
        guard hex.count.isMultiple(of: 2), hex.allSatisfy(\.isHexDigit) else { return nil }
        var data = Data(capacity: hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        self = data
    }
}
