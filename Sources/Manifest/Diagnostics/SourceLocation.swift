/// A position in a configuration file: 1-based line and column (in characters).
///
/// `file` is the path as the user should read it: relative to the current directory
/// when the file lies below it, absolute otherwise.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The display path of the file.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int

    /// Creates a location; line and column are 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A value read from a configuration file together with where it was written.
public struct Located<Value> {
    /// The value as decoded.
    public var value: Value
    /// Where the value starts in its file.
    public var location: SourceLocation

    /// Wraps `value` read at `location`.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
