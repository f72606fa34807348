// csv-reader-bench: Manifest's CSVReader against CSV.swift 2.5.2 on one in-memory
// contact list. Benchmark only -- never part of CI. Usage: bash bench/csv-reader.sh
//
//   ROWS=1000000 RUNS=5 (defaults) set the data rows and the timed runs per reader.
//
// Every reader runs once untimed (warm-up, and the check that they all agree), then
// RUNS rounds run every reader once each, alternating: round r starts at reader r, so
// no reader is always first or last.
import Foundation

func environmentInt(_ name: String, default value: Int) -> Int {
    guard let text = getenv(name).map({ String(cString: $0) }) else { return value }
    guard let number = Int(text), number > 0 else {
        fatalError("\(name) must be a positive integer, not '\(text)'")
    }
    return number
}

let rows = environmentInt("ROWS", default: 1_000_000)
let runs = environmentInt("RUNS", default: 5)

struct Contender {
    let label: String
    let run: ([UInt8]) -> Tally
}

let contenders = [
    Contender(label: "(a) CSV.swift `CSVReader(string:)`, every field as String", run: CSVSwift.readString),
    Contender(label: "(a') CSV.swift `CSVReader(stream: InputStream(data:))`, every field as String",
              run: CSVSwift.readStream),
    Contender(label: "(b) ours `forEachRecord`, every `record.field(i)` as String", run: Ours.readStrings),
    Contender(label: "(c) ours `forEachRecord`, `fieldBytes(i)` only (no String)", run: Ours.scanBytes),
    Contender(label: "(d) ours `ContactsFile.parse`, keepingContacts: true",
              run: { Ours.parseContacts($0, keeping: true) }),
    Contender(label: "(e) ours `ContactsFile.parse`, keepingContacts: false",
              run: { Ours.parseContacts($0, keeping: false) }),
]

func seconds(_ body: () -> Tally) -> (Double, Tally) {
    let start = DispatchTime.now().uptimeNanoseconds
    let tally = body()
    let end = DispatchTime.now().uptimeNanoseconds
    return (Double(end - start) / 1e9, tally)
}

/// Progress goes to stderr, so stdout holds only the report.
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

// --- Input -----------------------------------------------------------------------------
let (generateSeconds, input): (Double, [UInt8]) = {
    let start = DispatchTime.now().uptimeNanoseconds
    let bytes = Input.make(rows: rows)
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, bytes)
}()
log(String(format: "input: %d rows + header, %.1f MB, generated in %.2f s",
           rows, Double(input.count) / 1e6, generateSeconds))

// --- Warm-up and agreement ---------------------------------------------------------------
var tallies: [Tally] = []
for contender in contenders {
    let (time, tally) = seconds { contender.run(input) }
    tallies.append(tally)
    log(String(format: "warm-up %.3f s  rows=%d fieldBytes=%d  ", time, tally.rows, tally.fieldBytes)
        + contender.label)
}
// Every String reader decodes the same text; the byte scan keeps `""` doubled (two extra
// bytes per escaped field); parse accepts every row and reports no issue.
precondition(tallies[0].rows == rows && tallies[0] == tallies[1] && tallies[0] == tallies[2],
             "the String readers disagree: \(tallies[0...2])")
precondition(tallies[3].rows == rows && tallies[3].fieldBytes > tallies[2].fieldBytes)
precondition(tallies[4] == Tally(rows: rows, fieldBytes: 0) && tallies[5] == tallies[4])

// --- Timed rounds, alternating ---------------------------------------------------------
var times = Array(repeating: [Double](), count: contenders.count)
for round in 0..<runs {
    for offset in contenders.indices {
        let index = (round + offset) % contenders.count
        let (time, tally) = seconds { contenders[index].run(input) }
        precondition(tally == tallies[index])
        times[index].append(time)
    }
    log("round \(round + 1)/\(runs): " + times.map { String(format: "%.3f", $0.last!) }.joined(separator: " "))
}

// --- Report ------------------------------------------------------------------------------
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

print(String(format: "%d rows (+ header) `phone,name,city,plan`, %.1f MB in memory; %d runs each, alternating",
             rows, Double(input.count) / 1e6, runs))
print()
print("| reader | min s | median s | rows/s (median) |")
print("|---|---:|---:|---:|")
for (contender, values) in zip(contenders, times) {
    let med = median(values)
    print("| \(contender.label) | " + String(format: "%.3f | %.3f | ", values.min()!, med)
        + grouped(Int((Double(rows) / med).rounded())) + " |")
}
let fastestCSVSwift = min(median(times[0]), median(times[1]))
let ours = median(times[2])
print()
print(String(format: "speed-up of (b) over (a), medians: %.1fx (over (a'): %.1fx; over the faster of the two: %.1fx)",
             median(times[0]) / ours, median(times[1]) / ours, fastestCSVSwift / ours))

func grouped(_ value: Int) -> String {
    var digits = Array(String(value))
    var index = digits.count - 3
    while index > 0 {
        digits.insert(",", at: index)
        index -= 3
    }
    return String(digits)
}
