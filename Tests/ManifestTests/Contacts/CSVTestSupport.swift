@testable import Manifest

/// What one pass of a `CSVReader` produced, copied out of the borrowed records.
struct CSVReadResult {
    /// One decoded field list per delivered record.
    var records: [[String]] = []
    /// The start line of each delivered record.
    var lines: [Int] = []
    /// The (line, column) of every field of every delivered record.
    var positions: [[Position]] = []
    /// The `index` of each delivered record.
    var indexes: [Int] = []
    /// The issues, in the order the reader returned them.
    var issues: [CSVIssue] = []

    /// A 1-based line and column.
    struct Position: Equatable, CustomStringConvertible {
        /// The 1-based line.
        var line: Int
        /// The 1-based column in Unicode scalars.
        var column: Int
        /// `line:column`.
        var description: String { "\(line):\(column)" }
    }

    /// The issues as `code@line:column` strings, which make compact expectations.
    var issueSummaries: [String] {
        issues.map { "\($0.code.rawValue)@\($0.line):\($0.column)" }
    }
}

/// Reads `bytes` completely with `delimiter`.
func readCSV(bytes: [UInt8], delimiter: CSVReader.Delimiter = .comma) -> CSVReadResult {
    var result = CSVReadResult()
    result.issues = CSVReader(bytes: bytes, delimiter: delimiter).forEachRecord { record in
        result.records.append(record.fields())
        result.lines.append(record.line)
        result.indexes.append(record.index)
        result.positions.append((0..<record.count).map { .init(line: record.line($0), column: record.column($0)) })
    }
    return result
}

/// Reads the UTF-8 of `text` completely with `delimiter`.
func readCSV(_ text: String, delimiter: CSVReader.Delimiter = .comma) -> CSVReadResult {
    readCSV(bytes: Array(text.utf8), delimiter: delimiter)
}

/// Shorthand for a position in expectations.
func at(_ line: Int, _ column: Int) -> CSVReadResult.Position {
    .init(line: line, column: column)
}
