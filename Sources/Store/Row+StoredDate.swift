import Foundation
import GRDB

extension Row {
    /// The date in column `index`, read by ``StoredDate`` (as GRDB would, without its `Calendar`).
    func storedDate(atIndex index: Int) throws -> Date {
        guard let date = try storedDateIfPresent(atIndex: index) else {
            throw StoreError(.database, "The state database holds no date in column \(index) of a row; restore it from a backup.")
        }
        return date
    }

    /// The date in column `index`, nil when the column is NULL.
    func storedDateIfPresent(atIndex index: Int) throws -> Date? {
        let value: DatabaseValue = try decode(atIndex: index)
        if value.isNull { return nil }
        guard let date = StoredDate.date(from: value) else {
            throw StoreError(.database, "The state database holds \(value), not a date, in column \(index) of a row; restore it from a backup.")
        }
        return date
    }
}
