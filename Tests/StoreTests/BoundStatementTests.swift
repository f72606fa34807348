import Foundation
import GRDB
import Testing

@testable import Store

@Suite("BoundStatement")
struct BoundStatementTests {
    let queue: DatabaseQueue

    init() throws {
        queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(
                sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size INTEGER, ratio REAL, at TEXT, data BLOB)")
        }
    }

    @Test("binds every kind of value, reads them back by position, and counts the rows changed")
    func roundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_750_000_000.25)
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO items (name, size, ratio, at, data) VALUES (?, ?, ?, ?, ?)")
            insert.bind("ünïcode ✓", at: 1)
            insert.bind(Int64(42), at: 2)
            insert.bind(0.5, at: 3)
            insert.bind(date, at: 4)
            insert.bind(Data([0, 1, 2]).databaseValue, at: 5)
            #expect(try insert.execute() == 1)
            insert.bind("empty", at: 1)
            for index in Int32(2)...5 { insert.bindNull(at: index) }
            #expect(try insert.execute() == 1)

            let read = try BoundStatement(db, sql: "SELECT name, size, ratio, at, data FROM items ORDER BY id")
            var rows: [String] = []
            try read.forEach { columns in
                let size = columns.optionalInteger(1).map(String.init) ?? "nil"
                let at = columns.isNull(3) ? "nil" : columns.text(3)
                rows.append("\(columns.text(0)) \(size) \(columns.isNull(2) ? "nil" : String(columns.real(2))) \(at) \(Array(columns.data(4)))")
            }
            #expect(rows == ["ünïcode ✓ 42 0.5 2025-06-15 15:06:40.250 [0, 1, 2]", "empty nil nil nil []"])
        }
    }

    @Test("first reads one row, runs the statement to its end, and is nil when nothing matches")
    func first() throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO items (name) VALUES ('a'), ('b'), ('c')")
            // UPDATE … RETURNING changes every row only once it has run to its end.
            let rename = try BoundStatement(db, sql: "UPDATE items SET size = 1 RETURNING name")
            #expect(try rename.first { $0.text(0) } != nil)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM items WHERE size = 1") == 3)

            let lookup = try BoundStatement(db, sql: "SELECT id FROM items WHERE name = ?")
            lookup.bind("missing", at: 1)
            #expect(try lookup.first { $0.integer(0) } == nil)
            lookup.bind("b", at: 1)
            #expect(try lookup.first { $0.integer(0) } == 2)
        }
    }

    @Test("a failing statement throws SQLite's error with its SQL, and the statement can run again")
    func errors() throws {
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO items (name) VALUES (?)")
            insert.bind("twice", at: 1)
            try insert.execute()
            insert.bind("twice", at: 1)
            let error = try #require(throws: DatabaseError.self) { try insert.execute() }
            #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE)
            #expect(error.sql == "INSERT INTO items (name) VALUES (?)")
            insert.bind("once", at: 1)
            #expect(try insert.execute() == 1)
        }
    }

    @Test("an empty text is bound as '', not as NULL")
    func emptyText() throws {
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO items (name) VALUES (?)")
            insert.bind("", at: 1)
            #expect(try insert.execute() == 1)
            #expect(try String.fetchOne(db, sql: "SELECT name FROM items") == "")
        }
    }

    @Test("UTF-8 bytes bind as the same text a String would, empty bytes as ''")
    func utf8Bytes() throws {
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO items (name, at) VALUES (?, ?)")
            insert.bind(utf8: Data(#"{"text":"ünïcode ✓"}"#.utf8), at: 1)
            insert.bind(utf8: Data(), at: 2)
            try insert.execute()
            #expect(try String.fetchOne(db, sql: "SELECT name FROM items") == #"{"text":"ünïcode ✓"}"#)
            #expect(try String.fetchOne(db, sql: "SELECT at FROM items") == "")
            #expect(try String.fetchOne(db, sql: "SELECT typeof(name) FROM items") == "text")
        }
    }

    @Test("bindings are cleared after each run: a parameter left unbound is NULL")
    func clearsBindings() throws {
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO items (name, size) VALUES (?, ?)")
            insert.bind("a", at: 1)
            insert.bind(Int64(7), at: 2)
            try insert.execute()
            insert.bind("b", at: 1)
            try insert.execute()
            #expect(try Int.fetchAll(db, sql: "SELECT coalesce(size, -1) FROM items ORDER BY id") == [7, -1])
        }
    }
}
