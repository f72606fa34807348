import Foundation
import GRDB
import GRDBSQLite

/// A cached statement driven through SQLite's C API, for the store's hottest paths.
///
/// GRDB builds an argument array of `DatabaseValue`s for every execution and a `Row` for
/// every result; on the dispatcher's and the flow runner's paths, thousands of times a
/// second, that cost more than SQLite's own work. A bound statement binds and reads
/// columns in place instead. It borrows GRDB's cached statement, so the SQL is prepared
/// once per connection, and it leaves the statement reset with its bindings cleared, as
/// GRDB expects to find it.
///
/// Use it only inside a `write` or `read` of the connection it came from, and only for
/// SQL that is not also run through GRDB's own API (GRDB remembers the arguments it bound
/// last and would not bind them again).
struct BoundStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// The cached statement for `sql` on `db`'s connection.
    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection
    }

    func bind(_ text: String, at index: Int32) {
        Self.bind(text, at: index, in: handle)
    }

    func bind(_ text: String?, at index: Int32) {
        if let text { Self.bind(text, at: index, in: handle) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ integer: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, integer)
    }

    func bind(_ integer: Int64?, at index: Int32) {
        if let integer { sqlite3_bind_int64(handle, index, integer) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ real: Double?, at index: Int32) {
        if let real { sqlite3_bind_double(handle, index, real) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a date in the store's text form (see ``StoredDate``).
    func bind(_ date: Date?, at index: Int32) {
        guard let date else {
            sqlite3_bind_null(handle, index)
            return
        }
        bind(StoredDate.databaseValue(date), at: index)
    }

    func bind(_ value: DatabaseValue, at index: Int32) {
        switch value.storage {
        case .null: sqlite3_bind_null(handle, index)
        case .int64(let integer): sqlite3_bind_int64(handle, index, integer)
        case .double(let real): sqlite3_bind_double(handle, index, real)
        case .string(let text): Self.bind(text, at: index, in: handle)
        case .blob(let data):
            data.withUnsafeBytes { bytes in
                _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }
    }

    /// Binds UTF-8 bytes (JSON the runner encoded, say) as text, without making a `String` of them.
    func bind(utf8 bytes: Data, at index: Int32) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else {
                _ = sqlite3_bind_text(handle, index, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                return
            }
            _ = sqlite3_bind_text(
                handle, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    func bindNull(at index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Runs a statement that returns no rows, and resets it.
    /// - Returns: the number of rows it changed.
    @discardableResult
    func execute() throws -> Int {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code) }
        return Int(sqlite3_changes(connection))
    }

    /// Runs a statement and hands its first row, if any, to `read`; then resets it.
    func first<Result>(_ read: (Columns) throws -> Result) throws -> Result? {
        defer { reset() }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            let result = try read(Columns(handle: handle))
            // Runs the statement to its end: an UPDATE … RETURNING writes every row only then.
            var rest = sqlite3_step(handle)
            while rest == SQLITE_ROW { rest = sqlite3_step(handle) }
            guard rest == SQLITE_DONE else { throw error(rest) }
            return result
        case SQLITE_DONE:
            return nil
        default:
            throw error(code)
        }
    }

    /// Runs a statement and hands each of its rows to `read`; then resets it.
    func forEach(_ read: (Columns) throws -> Void) throws {
        defer { reset() }
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW: try read(Columns(handle: handle))
            case SQLITE_DONE: return
            default: throw error(code)
            }
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)"
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: String(cString: sqlite3_sql(handle)))
    }

    /// Binds `text` to parameter `index`; SQLite copies it (SQLITE_TRANSIENT).
    static func bind(_ text: String, at index: Int32, in handle: OpaquePointer) {
        var text = text
        text.withUTF8 { bytes in
            // A null pointer would bind NULL: an empty text needs a pointer of its own.
            guard let base = bytes.baseAddress else {
                _ = sqlite3_bind_text(handle, index, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                return
            }
            _ = sqlite3_bind_text(
                handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    /// The columns of the current row, read by position (0 first).
    struct Columns {
        fileprivate let handle: OpaquePointer

        func isNull(_ index: Int32) -> Bool {
            sqlite3_column_type(handle, index) == SQLITE_NULL
        }

        func integer(_ index: Int32) -> Int64 {
            sqlite3_column_int64(handle, index)
        }

        func real(_ index: Int32) -> Double {
            sqlite3_column_double(handle, index)
        }

        /// The text at `index`; "" for NULL.
        func text(_ index: Int32) -> String {
            guard let bytes = sqlite3_column_text(handle, index) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, index))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func optionalText(_ index: Int32) -> String? {
            isNull(index) ? nil : text(index)
        }

        func optionalInteger(_ index: Int32) -> Int64? {
            isNull(index) ? nil : integer(index)
        }

        /// The bytes of a text or blob column.
        func data(_ index: Int32) -> Data {
            guard let bytes = sqlite3_column_blob(handle, index) else { return Data() }
            return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, index)))
        }
    }
}

extension BoundStatement.Columns {
    /// The date at `index`, stored as GRDB would (see ``StoredDate``).
    ///
    /// - Throws: when the column holds no date.
    func storedDate(_ index: Int32) throws -> Date {
        guard let date = try storedDateIfPresent(index) else {
            throw StoreError(.database, "The state database holds no date in column \(index) of a row; restore it from a backup.")
        }
        return date
    }

    /// The date at `index`; nil for NULL.
    ///
    /// - Throws: when the column holds something else than a date.
    func storedDateIfPresent(_ index: Int32) throws -> Date? {
        // The store writes dates as text (see ``StoredDate``).
        guard !isNull(index) else { return nil }
        let value = text(index).databaseValue
        guard let date = StoredDate.date(from: value) else {
            throw StoreError(.database, "The state database holds \(value), not a date, in column \(index) of a row; restore it from a backup.")
        }
        return date
    }
}
