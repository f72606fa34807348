/// A byte-level RFC 4180 reader that hands out records without copying them.
///
/// It reads UTF-8 bytes (a leading byte-order mark is skipped), `\n` or `\r\n` line
/// breaks, quoted fields with `""` escapes and embedded delimiters or line breaks,
/// and skips blank lines. The first record is the header: every later record must
/// have as many fields. Problems become `CSVIssue`s and reading goes on, so one pass
/// reports them all; a record with an issue is not passed to the callback.
///
/// ```swift
/// let reader = CSVReader(bytes: bytes, delimiter: .detected(in: bytes))
/// let issues = reader.forEachRecord { record in
///     print(record.line, record.field(0))
/// }
/// ```
public struct CSVReader: Sendable {
    /// The file's bytes.
    public let bytes: [UInt8]
    /// The byte that separates fields.
    public let delimiter: Delimiter

    /// `"`, which opens, closes and (doubled) escapes quoted fields.
    static let quote = UInt8(ascii: "\"")
    /// LF, which ends a line alone or after CR.
    static let lineFeed = UInt8(ascii: "\n")
    /// CR, which ends a line only before LF or at the end of the file.
    static let carriageReturn = UInt8(ascii: "\r")
    /// The UTF-8 byte-order mark that Excel writes at the start of "CSV UTF-8" files.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Creates a reader over `bytes`; nothing is read until `forEachRecord(_:)`.
    ///
    /// Pass `.detected(in: bytes)` as `delimiter` to pick `,`, `;` or tab from the
    /// header line.
    public init(bytes: [UInt8], delimiter: Delimiter = .comma) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    /// Calls `body` with each record that has no issue, in file order, and returns the
    /// issues found, ordered by position.
    ///
    /// The record and every buffer it hands out are valid only during the call. When
    /// `body` throws, reading stops and the error propagates; issues found so far are lost.
    public func forEachRecord<Failure: Error>(
        _ body: (borrowing CSVRecord) throws(Failure) -> Void
    ) throws(Failure) -> [CSVIssue] {
        try bytes.withUnsafeBufferPointer { (input) throws(Failure) -> [CSVIssue] in
            try scan(input, body)
        }
    }

    // One function with local state: the optimiser keeps these in registers, which a
    // state struct mutated through `inout` defeats; this loop sees every byte of 40 MB.
    private func scan<Failure: Error>(
        _ input: UnsafeBufferPointer<UInt8>,
        _ body: (borrowing CSVRecord) throws(Failure) -> Void
    ) throws(Failure) -> [CSVIssue] {
        let end = input.count
        let delimiterByte = delimiter.byte
        // Bytes above both the quote and the delimiter can never end a field, which lets
        // letters, digits and every non-ASCII byte through with a single comparison.
        let highestSpecial = max(delimiterByte, Self.quote)
        var issues: [CSVIssue] = []
        var spans: [CSVRecord.FieldSpan] = []
        spans.reserveCapacity(16)
        var position = input.starts(with: Self.byteOrderMark) ? Self.byteOrderMark.count : 0
        var line = 1
        var lineStart = position
        var expectedFieldCount: Int?
        var recordIndex = 0

        records: while position < end {
            if let next = Self.positionAfterLineBreak(at: position, in: input) {
                position = next
                line += 1
                lineStart = position
                continue
            }
            spans.removeAll(keepingCapacity: true)
            let recordLine = line
            var isValid = true

            fields: while true {
                let fieldLine = line
                let fieldLineStart = lineStart
                var flags: UInt8 = 0
                var contentStart = position
                let contentEnd: Int
                var combinedBytes: UInt8 = 0

                if position < end && input[position] == Self.quote {
                    flags = CSVRecord.FieldSpan.isQuoted
                    position += 1
                    contentStart = position
                    var isClosed = false
                    while position < end {
                        let byte = input[position]
                        if byte == Self.quote {
                            if position + 1 < end && input[position + 1] == Self.quote {
                                flags |= CSVRecord.FieldSpan.hasEscapedQuotes
                                position += 2
                                continue
                            }
                            isClosed = true
                            break
                        }
                        if byte == Self.lineFeed {
                            line += 1
                            lineStart = position + 1
                        }
                        combinedBytes |= byte
                        position += 1
                    }
                    guard isClosed else {
                        issues.append(
                            CSVIssue(
                                code: .unterminatedQuote,
                                summary: "quoted field is never closed",
                                help: "add the closing '\"'; a quote inside a quoted field is written twice: \"\"",
                                line: fieldLine,
                                column: Self.column(of: contentStart - 1, lineStart: fieldLineStart, in: input)
                            ))
                        // Everything up to the end of the file is swallowed by the open quote;
                        // restarting on the next line recovers the common case of one bad field.
                        position = Self.startOfNextLine(from: contentStart, in: input)
                        line = fieldLine + 1
                        lineStart = position
                        recordIndex += 1
                        continue records
                    }
                    contentEnd = position
                    position += 1
                    if position < end, !isFieldEnd(at: position, in: input) {
                        issues.append(
                            CSVIssue(
                                code: .textAfterQuote,
                                summary: "text after the closing quote of a field",
                                help: "a quote inside a quoted field is written twice (\"\"), and the delimiter follows the closing quote",
                                line: line,
                                column: Self.column(of: position, lineStart: lineStart, in: input)
                            ))
                        isValid = false
                        while position < end, !isFieldEnd(at: position, in: input) {
                            position += 1
                        }
                    }
                } else {
                    var hasStrayQuote = false
                    while position < end {
                        let byte = input[position]
                        if byte > highestSpecial {
                            combinedBytes |= byte
                            position += 1
                            continue
                        }
                        if byte == delimiterByte || byte == Self.lineFeed { break }
                        if byte == Self.carriageReturn && (position + 1 == end || input[position + 1] == Self.lineFeed) {
                            break
                        }
                        if byte == Self.quote && !hasStrayQuote {
                            hasStrayQuote = true
                            isValid = false
                            issues.append(
                                CSVIssue(
                                    code: .strayQuote,
                                    summary: "'\"' inside a field that does not start with a quote",
                                    help: "quote the whole field and write the inner quote twice: \"5\"\" screen\"",
                                    line: line,
                                    column: Self.column(of: position, lineStart: lineStart, in: input)
                                ))
                        }
                        position += 1
                    }
                    contentEnd = position
                }

                if combinedBytes & 0x80 != 0,
                    !Self.isValidUTF8(UnsafeBufferPointer(rebasing: input[contentStart..<contentEnd]))
                {
                    isValid = false
                    let first = flags & CSVRecord.FieldSpan.isQuoted != 0 ? contentStart - 1 : contentStart
                    issues.append(
                        CSVIssue(
                            code: .invalidUTF8,
                            summary: "field is not valid UTF-8 text",
                            help: "save the file with UTF-8 encoding (in Excel: \"CSV UTF-8\")",
                            line: fieldLine,
                            column: Self.column(of: first, lineStart: fieldLineStart, in: input)
                        ))
                }
                spans.append(
                    CSVRecord.FieldSpan(
                        start: contentStart, end: contentEnd, lineStart: fieldLineStart, line: fieldLine, flags: flags
                    ))

                guard position < end else { break fields }
                if input[position] == delimiterByte {
                    position += 1
                    continue fields
                }
                position = Self.positionAfterLineBreak(at: position, in: input) ?? end
                line += 1
                lineStart = position
                break fields
            }

            let index = recordIndex
            recordIndex += 1
            if let expected = expectedFieldCount {
                if spans.count != expected {
                    isValid = false
                    issues.append(fieldCountIssue(spans, expected: expected, recordLine: recordLine, in: input))
                }
            } else if index == 0 {
                expectedFieldCount = spans.count
            }
            guard isValid else { continue }
            try spans.withUnsafeBufferPointer { (fields) throws(Failure) in
                try body(CSVRecord(bytes: input, spans: fields, line: recordLine, index: index))
            }
        }
        // Issues are appended as bytes are met, except field counts, which are only known
        // at the end of their row; a stable sort restores strict position order.
        return issues.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
    }

    private func fieldCountIssue(
        _ spans: [CSVRecord.FieldSpan], expected: Int, recordLine: Int, in input: UnsafeBufferPointer<UInt8>
    ) -> CSVIssue {
        let summary = "row has \(spans.count) field\(spans.count == 1 ? "" : "s"), but the header has \(expected)"
        guard spans.count > expected else {
            return CSVIssue(
                code: .fieldCount,
                summary: summary,
                help: "add the missing fields; an empty field is nothing between two delimiters",
                line: recordLine,
                column: 1
            )
        }
        let extra = spans[expected]
        let first = extra.flags & CSVRecord.FieldSpan.isQuoted != 0 ? extra.start - 1 : extra.start
        return CSVIssue(
            code: .fieldCount,
            summary: summary,
            help: "quote fields that contain '\(delimiter)', or remove the extra delimiter",
            line: extra.line,
            column: Self.column(of: first, lineStart: extra.lineStart, in: input)
        )
    }

    /// Whether a field ends at `position`: a delimiter or a line break.
    private func isFieldEnd(at position: Int, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        let byte = input[position]
        return byte == delimiter.byte || Self.positionAfterLineBreak(at: position, in: input) != nil
    }

    /// The position after the line break that starts at `position`, or `nil` when there
    /// is none. A lone CR is data unless it ends the file, as RFC 4180 knows only CRLF.
    static func positionAfterLineBreak(at position: Int, in input: UnsafeBufferPointer<UInt8>) -> Int? {
        let byte = input[position]
        if byte == lineFeed { return position + 1 }
        guard byte == carriageReturn else { return nil }
        if position + 1 == input.count { return position + 1 }
        return input[position + 1] == lineFeed ? position + 2 : nil
    }

    private static func startOfNextLine(from position: Int, in input: UnsafeBufferPointer<UInt8>) -> Int {
        var index = position
        while index < input.count, input[index] != lineFeed {
            index += 1
        }
        return min(index + 1, input.count)
    }

    /// The 1-based column of `offset` on the line starting at `lineStart`, counting
    /// Unicode scalars: every byte that is not a UTF-8 continuation byte starts one.
    static func column(of offset: Int, lineStart: Int, in input: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        for index in lineStart..<offset where input[index] & 0xC0 != 0x80 {
            column += 1
        }
        return column
    }
}
