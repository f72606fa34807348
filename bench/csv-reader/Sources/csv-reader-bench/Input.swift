/// The benchmark's input: a deterministic contact list of `rows` rows plus a header,
/// `phone,name,city,plan`, built in memory.
///
/// Phones are `+1 NPA 555 XXXX`: 100 NANP area codes (first digit 2-9, middle digit not
/// 9, not N11) times 10,000 line numbers give exactly 1,000,000 unique valid numbers,
/// visited in a scrambled but fixed order. About a quarter of the names are quoted
/// because they hold a comma ("Doe, Jane"), a few hold `""` escapes or non-ASCII
/// letters, and some cities are quoted too ("Washington, DC").
enum Input {
    static let header = "phone,name,city,plan"

    static func make(rows: Int) -> [UInt8] {
        let areaCodes = (200...999).filter { code in
            let middle = code / 10 % 10
            return middle != 9 && code % 100 != 11
        }.prefix(100)
        precondition(rows <= areaCodes.count * 10_000, "only \(areaCodes.count * 10_000) unique numbers")
        let firstNames = ["Jane", "John", "Maria", "Wei", "Ahmed", "Olga", "Pedro", "Aisha", "Liam", "Noor",
                          "José", "Zoë", "Chloé", "Björn", "Sam", "Priya", "Kenji", "Fatima", "Luca", "Emma"]
        let lastNames = ["Doe", "Smith", "García", "Chen", "Khan", "Ivanova", "Silva", "Okafor", "Murphy",
                         "Haddad", "Müller", "Nguyen", "Rossi", "Kowalski", "Tanaka", "Cohen", "Brown", "Patel"]
        let cities = ["New York", "Chicago", "Houston", "Phoenix", "San Antonio", "\"Washington, DC\"",
                      "Seattle", "Denver", "Boston", "\"Portland, OR\"", "Miami", "Atlanta", "San José"]
        let plans = ["free", "basic", "pro", "enterprise"]

        var out: [UInt8] = []
        out.reserveCapacity(rows * 48 + 64)
        out.append(contentsOf: header.utf8)
        out.append(UInt8(ascii: "\n"))
        let total = areaCodes.count * 10_000
        for row in 0..<rows {
            // 7919 is prime and coprime with 10^6: a fixed permutation of 0..<total.
            let n = (row &* 7919 &+ 13) % total
            let area = areaCodes[areaCodes.startIndex + n / 10_000]
            let line = n % 10_000
            out.append(contentsOf: "+1\(area)555".utf8)
            appendPadded(line, width: 4, to: &out)
            out.append(UInt8(ascii: ","))

            let first = firstNames[row % firstNames.count]
            let last = lastNames[(row / 7) % lastNames.count]
            if row % 97 == 0 {
                out.append(contentsOf: "\"\(first) \"\"JJ\"\" \(last)\"".utf8)
            } else if row % 4 == 0 {
                out.append(contentsOf: "\"\(last), \(first)\"".utf8)
            } else {
                out.append(contentsOf: "\(first) \(last)".utf8)
            }
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: cities[(row / 3) % cities.count].utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: plans[(row / 11) % plans.count].utf8)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    private static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = value
        for index in stride(from: width - 1, through: 0, by: -1) {
            digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        out.append(contentsOf: digits)
    }
}

/// What a reader saw: data rows (header excluded) and the UTF-8 bytes of every decoded
/// field, so each reader's work is used and the readers can be checked to agree.
struct Tally: Equatable {
    var rows = 0
    var fieldBytes = 0
}
