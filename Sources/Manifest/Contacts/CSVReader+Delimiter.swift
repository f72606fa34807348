extension CSVReader {
    /// The single ASCII byte that separates fields.
    public struct Delimiter: Hashable, Sendable, CustomStringConvertible {
        /// The byte that separates fields.
        public let byte: UInt8

        /// `,` — RFC 4180 and most exports.
        public static let comma = Delimiter(uncheckedByte: UInt8(ascii: ","))
        /// `;` — spreadsheets in locales whose decimal separator is a comma.
        public static let semicolon = Delimiter(uncheckedByte: UInt8(ascii: ";"))
        /// A horizontal tab, for TSV files.
        public static let tab = Delimiter(uncheckedByte: UInt8(ascii: "\t"))

        /// Creates a delimiter from an ASCII character.
        ///
        /// Returns `nil` for non-ASCII characters and for `"`, CR and LF, which already
        /// mean something in CSV.
        public init?(_ character: Unicode.Scalar) {
            guard character.isASCII, !"\"\r\n".unicodeScalars.contains(character) else { return nil }
            self.byte = UInt8(character.value)
        }

        private init(uncheckedByte: UInt8) {
            self.byte = uncheckedByte
        }

        /// Picks the delimiter that occurs most often outside quotes on the first
        /// non-blank line of `bytes`: `,`, `;` or tab; ties and a line with none go to
        /// the earlier of those, so a one-column file reads as comma-separated.
        public static func detected(in bytes: [UInt8]) -> Delimiter {
            let candidates: [Delimiter] = [.comma, .semicolon, .tab]
            var counts = [0, 0, 0]
            var index = bytes.starts(with: CSVReader.byteOrderMark) ? CSVReader.byteOrderMark.count : 0
            // Blank lines before the header carry no evidence.
            while index < bytes.count, bytes[index] == CSVReader.lineFeed || bytes[index] == CSVReader.carriageReturn {
                index += 1
            }
            var isQuoted = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == CSVReader.quote {
                    isQuoted.toggle()
                } else if !isQuoted {
                    if byte == CSVReader.lineFeed { break }
                    if let slot = candidates.firstIndex(where: { $0.byte == byte }) {
                        counts[slot] += 1
                    }
                }
            }
            var best = 0
            for slot in counts.indices where counts[slot] > counts[best] {
                best = slot
            }
            return candidates[best]
        }

        /// The delimiter as it would be written in a message: `,`, `;` or `tab`.
        public var description: String {
            byte == Self.tab.byte ? "tab" : String(UnicodeScalar(byte))
        }
    }
}
