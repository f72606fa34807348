extension CountryCallingCode {
    /// How a national number written with its trunk prefix gives that prefix away.
    enum TrunkPrefix: Hashable, Sendable {
        /// One leading `0` is the trunk prefix (most of the world).
        case zero
        /// The country has no trunk prefix: a leading `0` belongs to the number, as in
        /// Italian landlines (`06 …` is `+39 06 …`).
        case none
        /// The leading `digits` (as written, leading zeros included, `length` long) are
        /// the trunk prefix when the whole national number has `nationalLength` digits,
        /// or at any length when that is `nil`.
        case digits(UInt64, length: Int, nationalLength: Int?)
    }

    /// Countries whose trunk prefix is not a single `0`.
    static let trunkPrefixExceptions: [Int: TrunkPrefix] = [
        // NANP numbers are 10 digits; an 11-digit "1 555 010 0001" carries the code itself.
        1: .digits(1, length: 1, nationalLength: 11),
        // Russia and Kazakhstan dial "8" before the 10-digit number.
        7: .digits(8, length: 1, nationalLength: 11),
        36: .digits(6, length: 2, nationalLength: nil),  // Hungary: "06"
        39: .none,  // Italy
        225: .none,  // Côte d'Ivoire: 10-digit numbers that start with 0 since 2021
        378: .none,  // San Marino
        379: .none,  // Vatican City
    ]

    /// National significant number lengths for the countries named in the engine's
    /// configuration reference.
    static let nationalNumberLengthsByCode: [Int: ClosedRange<Int>] = [
        1: 10...10,
        33: 9...9,
        44: 9...10,
        49: 6...13,
        55: 10...11,
        86: 7...11,
        91: 10...10,
    ]

    /// For every three-digit prefix, the length of the assigned code it starts with, or 0.
    ///
    /// Source: ITU-T E.164 "List of ITU-T Recommendation E.164 assigned country codes"
    /// (Annex to the ITU Operational Bulletin), geographic and non-geographic codes; spare
    /// and merely reserved codes (e.g. 259, 384, 422, 671, 684, 969, 997, 999) are excluded.
    static let codeLengthByLeadingDigits: [UInt8] = {
        let oneDigit = [1, 7]
        let twoDigit = [
            20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
            51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66,
            81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
        ]
        let threeDigit: [ClosedRange<Int>] = [
            211...213, 216...216, 218...218, 220...258, 260...269, 290...291, 297...299,
            350...359, 370...383, 385...389,
            420...421, 423...423,
            500...509, 590...599,
            670...670, 672...683, 685...692,
            800...800, 808...808, 850...850, 852...853, 855...856, 870...870, 878...878,
            880...883, 886...886, 888...888,
            960...968, 970...977, 979...979, 991...996, 998...998,
        ]
        var table = [UInt8](repeating: 0, count: 1000)
        for code in oneDigit {
            for leading in code * 100..<(code + 1) * 100 {
                table[leading] = 1
            }
        }
        for code in twoDigit {
            for leading in code * 10..<(code + 1) * 10 {
                table[leading] = 2
            }
        }
        for range in threeDigit {
            for code in range {
                table[code] = 3
            }
        }
        return table
    }()
}
