import GRDB

extension StoreError {
    /// Wraps an error thrown while the store was `doing` something to the database at
    /// `path`. A ``StoreError`` passes through unchanged; SQLite's busy and locked
    /// results are transient, since the other writer will finish.
    init(_ error: any Error, while doing: String, at path: String) {
        if let storeError = error as? StoreError {
            self = storeError
            return
        }
        guard let databaseError = error as? DatabaseError else {
            self.init(.database, "Failed while \(doing) in \(path): \(error).", underlying: error)
            return
        }
        let isTransient = databaseError.resultCode == .SQLITE_BUSY || databaseError.resultCode == .SQLITE_LOCKED
        self.init(
            .database,
            "SQLite failed while \(doing) in \(path): \(SQLiteStore.reason(databaseError)). \(Self.advice(for: databaseError))",
            isTransient: isTransient,
            underlying: databaseError)
    }

    /// What a person can do about an SQLite failure.
    private static func advice(for error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            "Another engine process kept the database busy for more than 5 seconds; try again."
        case .SQLITE_FULL:
            "The disk is full; free some space and try again."
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            "Check that this user may write the file and its directory."
        case .SQLITE_IOERR:
            "The disk reported an I/O error; check it before trying again."
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            "The file is damaged or not an engine state database; restore it from a backup."
        default:
            "This looks like a bug in engine; please report it with this message."
        }
    }
}
