import Testing

@testable import Manifest

/// The ITU-T assignment table and the per-country rules.
@Suite("CountryCallingCode")
struct CountryCallingCodeTests {
    @Test(arguments: [
        1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
        211, 212, 213, 216, 218, 220, 258, 262, 269, 290, 299, 350, 359, 370, 379, 380, 383, 385, 388, 389,
        420, 421, 423, 500, 509, 590, 599, 670, 672, 683, 685, 692, 800, 808, 850, 852, 853, 855, 856,
        870, 878, 880, 881, 882, 883, 886, 888, 960, 968, 970, 977, 979, 991, 992, 996, 998,
    ])
    func assignedCodesAreKnown(code: Int) {
        #expect(CountryCallingCode(code)?.value == code)
    }

    @Test(arguments: [
        0, 2, 3, 4, 21, 28, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 83, 85, 87, 88, 89, 96, 97, 99,
        210, 214, 215, 217, 219, 259, 280, 289, 292, 296, 384, 422, 424, 429, 671, 684, 693, 699,
        801, 807, 809, 851, 854, 857, 871, 875, 879, 884, 887, 889, 890, 969, 978, 990, 997, 999, 1000, -1,
    ])
    func spareAndReservedCodesAreNot(code: Int) {
        #expect(CountryCallingCode(code) == nil)
    }

    @Test func tableHoldsEveryAssignedCodeOnce() {
        let assigned = (1...999).compactMap { CountryCallingCode($0) }
        #expect(assigned.count == 218)
        #expect(assigned.filter { $0.digitCount == 1 }.count == 2)
        #expect(assigned.filter { $0.digitCount == 2 }.count == 44)
    }

    @Test func assignedCodesArePrefixFree() {
        let assigned = (1...999).compactMap { CountryCallingCode($0) }.map { String($0.value) }
        for code in assigned {
            let prefixes = assigned.filter { $0 != code && code.hasPrefix($0) }
            #expect(prefixes.isEmpty, "\(code) starts with \(prefixes)")
        }
    }

    @Test func readsCodesAsSettingsWritesThem() {
        #expect(CountryCallingCode("1")?.value == 1)
        #expect(CountryCallingCode("+49")?.value == 49)
        #expect(CountryCallingCode(" 44 ")?.value == 44)
        #expect(CountryCallingCode("880")?.description == "+880")
        for invalid in ["", "+", "049", "1234", "4 9", "x1", "28", "+-1", "٤٤"] {
            #expect(CountryCallingCode(invalid) == nil, "\(invalid.debugDescription)")
        }
    }

    @Test func trunkPrefixesFollowTheCountry() {
        #expect(CountryCallingCode(44)?.trunkPrefix == .zero)
        #expect(CountryCallingCode(39)?.trunkPrefix == CountryCallingCode.TrunkPrefix.none)
        #expect(CountryCallingCode(1)?.trunkPrefix == .digits(1, length: 1, nationalLength: 11))
    }
}
