/// One record of a CSV file, borrowed from the reader's buffer for the duration of a
/// `CSVReader.forEachRecord` callback.
///
/// Nothing is decoded until asked: `field(_:)` builds a `String` on demand and
/// `fieldBytes(_:)` hands out the raw bytes without copying. The type is noncopyable
/// so a record cannot outlive the buffers it points into; copy out what you keep.
/// Every field has already been checked to be valid UTF-8.
public struct CSVRecord: ~Copyable {
    /// Where one field lies in the file: offsets into the reader's bytes plus the
    /// physical line it starts on, kept so columns can be counted only when asked for.
    struct FieldSpan {
        /// The first content byte, after the opening quote when quoted.
        var start: Int
        /// One past the last content byte, before the closing quote when quoted.
        var end: Int
        /// The offset of the first byte of the physical line the field starts on.
        var lineStart: Int
        /// The 1-based physical line the field starts on.
        var line: Int
        /// `isQuoted` and `hasEscapedQuotes` bits.
        var flags: UInt8

        /// Set when the field was written in quotes.
        static let isQuoted: UInt8 = 1
        /// Set when the quoted field holds `""`, so decoding must unescape.
        static let hasEscapedQuotes: UInt8 = 2
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let spans: UnsafeBufferPointer<FieldSpan>

    /// The 1-based physical line on which the record starts.
    public let line: Int
    /// The 0-based position of the record among all non-blank records of the file,
    /// counting records that were skipped for issues; the header is record 0.
    public let index: Int

    /// Creates a record over the reader's buffers, which must outlive it.
    init(bytes: UnsafeBufferPointer<UInt8>, spans: UnsafeBufferPointer<FieldSpan>, line: Int, index: Int) {
        self.bytes = bytes
        self.spans = spans
        self.line = line
        self.index = index
    }

    /// Whether this is the first record of the file, which the reader treats as the
    /// header that fixes the field count.
    public var isHeader: Bool { index == 0 }

    /// The number of fields.
    public var count: Int { spans.count }

    /// The field at `field` as a string, with `""` turned into `"` when it was quoted.
    ///
    /// - Precondition: `0 <= field < count`.
    public func field(_ field: Int) -> String {
        let span = spans[field]
        let raw = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.flags & FieldSpan.hasEscapedQuotes != 0 else {
            return String(decoding: raw, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: raw.count) { output in
            var written = 0
            var index = 0
            while index < raw.count {
                output[written] = raw[index]
                written += 1
                // Inside a quoted field every quote is doubled, so skip its twin.
                index += raw[index] == CSVReader.quote ? 2 : 1
            }
            return written
        }
    }

    /// Every field, decoded as by `field(_:)`.
    public func fields() -> [String] {
        (0..<count).map { field($0) }
    }

    /// The raw bytes of the field at `field`, without surrounding quotes but with any
    /// `""` escapes still doubled; see `isQuoted(_:)`.
    ///
    /// The buffer is valid only inside the `forEachRecord` callback.
    /// - Precondition: `0 <= field < count`.
    public func fieldBytes(_ field: Int) -> UnsafeBufferPointer<UInt8> {
        let span = spans[field]
        return UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
    }

    /// Whether the field at `field` was written in quotes.
    public func isQuoted(_ field: Int) -> Bool {
        spans[field].flags & FieldSpan.isQuoted != 0
    }

    /// The 1-based physical line on which the field at `field` starts; later than
    /// `line` when an earlier field held a quoted line break.
    public func line(_ field: Int) -> Int {
        spans[field].line
    }

    /// The 1-based column, in Unicode scalars, at which the field at `field` starts
    /// (its opening quote, when quoted).
    public func column(_ field: Int) -> Int {
        let span = spans[field]
        let first = span.flags & FieldSpan.isQuoted != 0 ? span.start - 1 : span.start
        return CSVReader.column(of: first, lineStart: span.lineStart, in: bytes)
    }
}
