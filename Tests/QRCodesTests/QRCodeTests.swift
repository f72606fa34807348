import Foundation
import QRCodes
import Testing

/// The QR matrix, and its terminal and SVG renderings against golden files.
@Suite("QRCode")
struct QRCodeTests {
    @Test("a short text fits in version 1 at medium correction: 21×21 modules")
    func shortTextIsVersionOne() throws {
        let code = try QRCode(encoding: "hello")
        #expect(code.version == 1)
        #expect(code.size == 21)
        #expect(code.modules.allSatisfy { $0.count == 21 })
    }

    @Test("a longer text takes a bigger version, 17 + 4 × version modules a side")
    func longerTextGrows() throws {
        let code = try QRCode(encoding: String(repeating: "2@abcDEF", count: 20))
        #expect(code.version > 1)
        #expect(code.size == 17 + 4 * code.version)
    }

    @Test("finder patterns sit at the top-left, top-right and bottom-left corners")
    func finderPatterns() throws {
        let code = try QRCode(encoding: "2@Xk9+AbCdEf==,sales-1")
        let last = code.size - 7
        for (top, left) in [(0, 0), (0, last), (last, 0)] {
            expectFinderPattern(in: code, top: top, left: left)
        }
        // No finder at the bottom-right: its 3×3 centre is not all dark with a light ring.
        #expect(!isFinderPattern(in: code, top: last, left: last))
    }

    @Test("case is preserved: upper and lower case give different symbols")
    func caseSensitive() throws {
        #expect(try QRCode(encoding: "abc").modules != QRCode(encoding: "ABC").modules)
    }

    @Test("an empty text, or one with NUL, is refused")
    func invalidInput() {
        #expect(throws: QRCodeError.self) { try QRCode(encoding: "") }
        #expect(throws: QRCodeError.self) { try QRCode(encoding: "a\u{0}b") }
    }

    @Test("a text too long for version 40 throws qr.too-long")
    func tooLong() {
        do {
            _ = try QRCode(encoding: String(repeating: "x", count: 4000), correction: .high)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooLong)
        }
    }

    @Test("the terminal rendering has (size + 4) columns and ceil((size + 4) / 2) lines")
    func terminalShape() throws {
        let code = try QRCode(encoding: "hello")
        let lines = code.terminalRendering(quietZone: 2).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 13)
        #expect(lines.allSatisfy { $0.count == 25 })
        #expect(lines.first?.allSatisfy { $0 == " " } == true)
    }

    @Test("inverted rendering swaps ink and paper")
    func inverted() throws {
        let code = try QRCode(encoding: "hello")
        let swap: [Character: Character] = ["█": " ", " ": "█", "▀": "▄", "▄": "▀"]
        // The odd last half line is padded light in both, so compare all but the last line.
        let normal = code.terminalRendering().split(separator: "\n").dropLast()
        let inverted = code.terminalRendering(inverted: true).split(separator: "\n").dropLast()
        #expect(normal.map { String($0.map { swap[$0]! }) } == inverted.map(String.init))
    }

    @Test("terminal rendering matches its golden file")
    func terminalGolden() throws {
        try expectGolden(QRCode(encoding: "sales-1").terminalRendering(quietZone: 2), "terminal-sales-1.txt")
    }

    @Test("SVG rendering matches its golden file")
    func svgGolden() throws {
        let svg = try QRCode(encoding: "sales-1").svg(moduleSize: 8, quietZone: 4)
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains("viewBox=\"0 0 232 232\""))
        try expectGolden(svg, "svg-sales-1.svg")
    }

    // MARK: Helpers

    private func isFinderPattern(in code: QRCode, top: Int, left: Int) -> Bool {
        (0..<7).allSatisfy { row in
            (0..<7).allSatisfy { column in
                let ring = max(abs(row - 3), abs(column - 3))
                return code.isDark(row: top + row, column: left + column) == (ring != 2)
            }
        }
    }

    private func expectFinderPattern(in code: QRCode, top: Int, left: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(isFinderPattern(in: code, top: top, left: left), "finder at (\(top), \(left))", sourceLocation: sourceLocation)
    }

    private func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, "re-record with RECORD_GOLDEN=1 if the change is intended", sourceLocation: sourceLocation)
    }
}
