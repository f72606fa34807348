import Foundation
import GRDB

extension Row {
    /// Decodes a text column into an enumeration. A value this engine does not know
    /// throws (GRDB's subscripts would crash), although the schema's `CHECK`s and the
    /// newer-schema refusal should make that impossible.
    func decode<Value: RawRepresentable>(_ type: Value.Type = Value.self, fromRawValueIn column: String) throws -> Value
    where Value.RawValue == String {
        try Value(stored: try decode(forColumn: column), column: column)
    }

    /// Decodes the text at `index` into an enumeration; see ``decode(_:fromRawValueIn:)``.
    func decode<Value: RawRepresentable>(_ type: Value.Type = Value.self, fromRawValueAt index: Int, column: String) throws -> Value
    where Value.RawValue == String {
        try Value(stored: try decode(atIndex: index), column: column)
    }

    /// Decodes a text column holding a JSON object of strings.
    func decodeStringDictionary(fromJSONIn column: String) throws -> [String: String] {
        let text: String = try decode(forColumn: column)
        return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}

extension RawRepresentable where RawValue == String {
    /// The value stored as `rawValue` in `column`; an error naming the column when this
    /// engine does not know it.
    init(stored rawValue: String, column: String) throws {
        guard let value = Self(rawValue: rawValue) else {
            throw StoreError(
                .database,
                "The state database holds '\(rawValue)' in column \(column), which this engine does not know. "
                    + "Upgrade engine, or restore the database from a backup.")
        }
        self = value
    }
}
