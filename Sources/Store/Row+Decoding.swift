import Foundation
import GRDB

extension Row {
    /// Decodes a text column into an enumeration. A value this engine does not know
    /// throws (GRDB's subscripts would crash), although the schema's `CHECK`s and the
    /// newer-schema refusal should make that impossible.
    func decode<Value: RawRepresentable>(_ type: Value.Type = Value.self, fromRawValueIn column: String) throws -> Value
    where Value.RawValue == String {
        let rawValue: String = try decode(forColumn: column)
        guard let value = Value(rawValue: rawValue) else {
            throw StoreError(
                .database,
                "The state database holds '\(rawValue)' in column \(column), which this engine does not know. "
                    + "Upgrade engine, or restore the database from a backup.")
        }
        return value
    }

    /// Decodes a text column holding a JSON object of strings.
    func decodeStringDictionary(fromJSONIn column: String) throws -> [String: String] {
        let text: String = try decode(forColumn: column)
        return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
