import Foundation
import GRDB

@testable import Store

extension EarlierSchema {
    /// Brings a database to a released migration with this engine's migrator, stopping
    /// there: the schema as that release left it (released migrations never change).
    static func migrate(path: String, upTo identifier: String) throws {
        try SQLiteStore.migrator(now: { .testNow }).migrate(DatabaseQueue(path: path), upTo: identifier)
    }
}
