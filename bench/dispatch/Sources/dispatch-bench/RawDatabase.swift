import GRDBSQLite

/// A bare SQLite connection from C: prepared statements and nothing else.
final class RawDatabase {
    let handle: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK, let handle else { throw BenchError("cannot open \(path)") }
        self.handle = handle
    }

    deinit {
        sqlite3_close(handle)
    }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
            throw failure(sql)
        }
        return Statement(database: self, handle: statement)
    }

    /// The integer the query's first row starts with.
    func integer(_ sql: String) throws -> Int64 {
        let statement = try prepare(sql)
        guard sqlite3_step(statement.handle) == SQLITE_ROW else { throw failure(sql) }
        return sqlite3_column_int64(statement.handle, 0)
    }

    func failure(_ context: String) -> BenchError {
        BenchError("\(context): \(String(cString: sqlite3_errmsg(handle)))")
    }

    final class Statement {
        let database: RawDatabase
        let handle: OpaquePointer

        init(database: RawDatabase, handle: OpaquePointer) {
            self.database = database
            self.handle = handle
        }

        deinit {
            sqlite3_finalize(handle)
        }

        func bind(_ index: Int32, _ text: String) {
            // SQLITE_TRANSIENT: SQLite copies the bytes before the temporary C string goes away.
            sqlite3_bind_text(handle, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }

        func bind(_ index: Int32, _ value: Int64) {
            sqlite3_bind_int64(handle, index, value)
        }

        func bindNull(_ index: Int32) {
            sqlite3_bind_null(handle, index)
        }

        /// Runs a statement that returns no row, expecting it to change `changes` rows when given.
        func run(changes: Int32? = nil) throws {
            guard sqlite3_step(handle) == SQLITE_DONE else { throw database.failure("step") }
            sqlite3_reset(handle)
            if let changes, sqlite3_changes(database.handle) != changes { throw BenchError("a statement changed no row") }
        }
    }
}
