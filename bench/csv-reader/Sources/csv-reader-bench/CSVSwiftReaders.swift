// Only CSV.swift is imported here: it declares `CSVReader` (and `typealias CSV =
// CSVReader`, which makes `CSV.CSVReader` unusable), as Manifest does, so each reader
// lives in its own file, where imports are scoped.
import CSV
import Foundation

enum CSVSwift {
    /// CSV.swift from a `String`: `CSVReader(string:hasHeaderRow:)`, iterating the
    /// string's unicode scalars. The `[UInt8]` -> `String` conversion is timed too.
    static func readString(_ bytes: [UInt8]) -> Tally {
        let text = String(decoding: bytes, as: UTF8.self)
        let reader = try! CSVReader(string: text, hasHeaderRow: true)
        return drain(reader)
    }

    /// CSV.swift from an `InputStream` over `Data`: `CSVReader(stream:hasHeaderRow:)`,
    /// decoding UTF-8 through its BinaryReader (64 KiB buffer) and UnicodeIterator.
    static func readStream(_ bytes: [UInt8]) -> Tally {
        let stream = InputStream(data: Data(bytes))
        let reader = try! CSVReader(stream: stream, hasHeaderRow: true)
        let tally = drain(reader)
        precondition(reader.error == nil, "CSV.swift stream error: \(reader.error!)")
        return tally
    }

    private static func drain(_ reader: CSVReader) -> Tally {
        var tally = Tally()
        while let row = reader.next() {
            tally.rows += 1
            for field in row {
                tally.fieldBytes += field.utf8.count
            }
        }
        return tally
    }
}
