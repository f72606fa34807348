import Testing

@testable import Manifest

/// Structure, quoting, positions, delimiters and issues of the CSV reader.
@Suite("CSVReader")
struct CSVReaderTests {
    // MARK: Structure

    @Test func readsRecordsAndFields() {
        let result = readCSV("phone,name,city\n+1555,Ann,Oslo\n+1666,Bob,Rome\n")
        #expect(result.records == [["phone", "name", "city"], ["+1555", "Ann", "Oslo"], ["+1666", "Bob", "Rome"]])
        #expect(result.lines == [1, 2, 3])
        #expect(result.issues.isEmpty)
    }

    @Test func crlfAndLfLineEndingsReadTheSame() {
        let lf = readCSV("a,b\n1,2\n3,4\n")
        let crlf = readCSV("a,b\r\n1,2\r\n3,4\r\n")
        #expect(crlf.records == lf.records)
        #expect(crlf.positions == lf.positions)
        #expect(crlf.records[1] == ["1", "2"], "a CR before LF must not leak into the last field")
    }

    @Test func readsAFinalLineWithoutLineBreak() {
        #expect(readCSV("a,b\n1,2").records == [["a", "b"], ["1", "2"]])
        #expect(readCSV("a,b\r\n1,2\r").records == [["a", "b"], ["1", "2"]])
        #expect(readCSV("a,b\n\"1\",\"2\"").records == [["a", "b"], ["1", "2"]])
    }

    @Test func skipsByteOrderMarkWithoutShiftingColumns() {
        let result = readCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("phone,name\n1,2\n".utf8))
        #expect(result.records[0] == ["phone", "name"])
        #expect(result.positions[0] == [at(1, 1), at(1, 7)])
    }

    @Test func skipsBlankLinesAndKeepsPhysicalLineNumbers() {
        let result = readCSV("\n\na,b\n\n1,2\r\n\r\n3,4\n\n")
        #expect(result.records == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(result.lines == [3, 5, 7])
        #expect(result.issues.isEmpty)
    }

    @Test func readsEmptyFields() {
        let result = readCSV("a,b,c\n,,\n1,,3\n,2,\n\"\",\"\",\"\"\n")
        #expect(result.records.dropFirst() == [["", "", ""], ["1", "", "3"], ["", "2", ""], ["", "", ""]])
        #expect(result.issues.isEmpty)
    }

    @Test func trailingDelimiterMakesAnEmptyLastField() {
        #expect(readCSV("a,b,\n1,2,").records == [["a", "b", ""], ["1", "2", ""]])
    }

    @Test func emptyInputHasNoRecordsAndNoIssues() {
        for text in ["", "\n", "\r\n\r\n", "\u{FEFF}", "\u{FEFF}\n"] {
            let result = readCSV(text)
            #expect(result.records.isEmpty, "\(text.debugDescription)")
            #expect(result.issues.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func loneCarriageReturnInsideAFieldIsData() {
        #expect(readCSV("a,b\nx\ry,2\n").records[1] == ["x\ry", "2"])
    }

    @Test func whitespaceAroundFieldsIsKept() {
        #expect(readCSV("a,b\n 1 ,\t2\n").records[1] == [" 1 ", "\t2"])
    }

    // MARK: Quoting

    @Test func unescapesDoubledQuotesOnlyInQuotedFields() throws {
        let bytes = Array("a,b\n\"5\"\" screen\",\"say \"\"hi\"\"\"\n".utf8)
        var raw: [String] = []
        var quoted: [Bool] = []
        let issues = CSVReader(bytes: bytes).forEachRecord { record in
            guard !record.isHeader else { return }
            raw = (0..<record.count).map { String(decoding: record.fieldBytes($0), as: UTF8.self) }
            quoted = (0..<record.count).map { record.isQuoted($0) }
            #expect(record.fields() == ["5\" screen", "say \"hi\""])
        }
        #expect(issues.isEmpty)
        #expect(raw == ["5\"\" screen", "say \"\"hi\"\""])
        #expect(quoted == [true, true])
    }

    @Test func quotedFieldsHoldDelimitersAndLineBreaks() {
        let result = readCSV("a,b\n\"Lagos, NG\",\"two\nlines\"\n\"crlf\r\ninside\",x\n")
        #expect(result.records.dropFirst() == [["Lagos, NG", "two\nlines"], ["crlf\r\ninside", "x"]])
    }

    @Test func fieldsAfterAQuotedLineBreakKnowTheirLine() {
        // Line 2: 1,"x      line 3: y",3      line 4: 4,5,6
        let result = readCSV("a,b,c\n1,\"x\ny\",3\n4,5,6\n")
        #expect(result.records[1] == ["1", "x\ny", "3"])
        #expect(result.lines == [1, 2, 4])
        #expect(result.positions[1] == [at(2, 1), at(2, 3), at(3, 4)])
        #expect(result.positions[2] == [at(4, 1), at(4, 3), at(4, 5)])
    }

    @Test func quotedFieldColumnIsItsOpeningQuote() {
        let result = readCSV("a,b\n1,\"two\"\n")
        #expect(result.positions[1] == [at(2, 1), at(2, 3)])
    }

    // MARK: Positions

    @Test func columnsCountUnicodeScalarsNotBytes() {
        // é is 2 bytes, 日本 3 bytes each, 😀 4 bytes: all one column each.
        let result = readCSV("é,日本,😀,x\n1,2,3,4\n")
        #expect(result.positions[0] == [at(1, 1), at(1, 3), at(1, 6), at(1, 8)])
        #expect(result.records[0] == ["é", "日本", "😀", "x"])
    }

    @Test func unicodeColumnNamesAndValuesDecode() {
        let result = readCSV("телефон,名前,città\n+49 30,Zoë,São Paulo\n")
        #expect(result.records == [["телефон", "名前", "città"], ["+49 30", "Zoë", "São Paulo"]])
        #expect(result.positions[0] == [at(1, 1), at(1, 9), at(1, 12)])
    }

    @Test func recordIndexCountsSkippedRecords() {
        let result = readCSV("a,b\n1,2,3\n4,5\n")
        #expect(result.indexes == [0, 2])
        #expect(result.records.count == 2)
    }

    // MARK: Delimiters

    @Test func readsSemicolonAndTabSeparatedFiles() {
        #expect(readCSV("a;b\n1,5;2\n", delimiter: .semicolon).records == [["a", "b"], ["1,5", "2"]])
        #expect(readCSV("a\tb\n1 2\t3\n", delimiter: .tab).records == [["a", "b"], ["1 2", "3"]])
    }

    @Test(arguments: [
        ("a,b,c\n1;2;3;4;5\n", ","),
        ("a;b;c\n1,2,3\n", ";"),
        ("a\tb\tc;d\n", "tab"),
        ("a\tb;c\n", ";"),
        ("\"x,y,z\";b;c\n", ";"),
        ("phone\n+1555\n", ","),
        ("a,b;c\n", ","),
        ("\u{FEFF}\n\na;b\n", ";"),
    ])
    func detectsTheDelimiterFromTheHeaderLine(text: String, expected: String) {
        #expect(CSVReader.Delimiter.detected(in: Array(text.utf8)).description == expected)
    }

    @Test func delimiterRejectsCharactersWithAMeaningInCSV() {
        #expect(CSVReader.Delimiter("\"") == nil)
        #expect(CSVReader.Delimiter("\n") == nil)
        #expect(CSVReader.Delimiter("\r") == nil)
        #expect(CSVReader.Delimiter("§") == nil)
        #expect(CSVReader.Delimiter("|")?.byte == UInt8(ascii: "|"))
        #expect(readCSV("a|b\n1|2\n", delimiter: CSVReader.Delimiter("|")!).records[1] == ["1", "2"])
    }

    // MARK: Issues

    @Test func unterminatedQuoteIsReportedAtTheQuoteAndReadingResumesOnTheNextLine() throws {
        let result = readCSV("a,b\n1,\"oops\n3,4\n")
        #expect(result.issueSummaries == ["csv.unterminated-quote@2:3"])
        #expect(result.records == [["a", "b"], ["3", "4"]])
        let issue = try #require(result.issues.first)
        #expect(issue.summary == "quoted field is never closed")
        #expect(issue.help?.contains("\"\"") == true)
    }

    @Test func unterminatedQuoteOnTheLastLine() {
        let result = readCSV("a,b\n1,2\nx,\"never closed")
        #expect(result.issueSummaries == ["csv.unterminated-quote@3:3"])
        #expect(result.records == [["a", "b"], ["1", "2"]])
    }

    @Test func unterminatedQuoteInTheHeaderDisablesFieldCountChecks() {
        let result = readCSV("\"a,b\n1,2,3\n4\n")
        #expect(result.issueSummaries == ["csv.unterminated-quote@1:1"])
        #expect(result.records == [["1", "2", "3"], ["4"]])
        #expect(result.indexes == [1, 2], "no record after a broken header may claim to be the header")
    }

    @Test func strayQuoteInAnUnquotedField() {
        let result = readCSV("a,b\n1,x\"y\n3,4\n")
        #expect(result.issueSummaries == ["csv.stray-quote@2:4"])
        #expect(result.records == [["a", "b"], ["3", "4"]])
    }

    @Test func textAfterAClosingQuote() {
        let result = readCSV("a,b\n\"x\"y,2\n3,4\n")
        #expect(result.issueSummaries == ["csv.text-after-quote@2:4"])
        #expect(result.records == [["a", "b"], ["3", "4"]])
    }

    @Test func textAfterAClosingQuoteThatFollowsAQuotedLineBreak() {
        let result = readCSV("a,b\n1,\"x\nyz\" w\n")
        #expect(result.issueSummaries == ["csv.text-after-quote@3:4"])
    }

    @Test func rowWithTooManyFieldsIsReportedAtTheFirstExtraField() throws {
        let result = readCSV("a,b\n1,2,3\n4,5\n")
        #expect(result.issueSummaries == ["csv.field-count@2:5"])
        #expect(result.records == [["a", "b"], ["4", "5"]])
        let issue = try #require(result.issues.first)
        #expect(issue.summary == "row has 3 fields, but the header has 2")
    }

    @Test func rowWithTooFewFieldsIsReportedAtTheRowStart() throws {
        let result = readCSV("a,b,c\n1,2\n\n   x\n")
        #expect(result.issueSummaries == ["csv.field-count@2:1", "csv.field-count@4:1"])
        #expect(result.issues.last?.summary == "row has 1 field, but the header has 3")
    }

    @Test func extraFieldAfterAQuotedLineBreakIsReportedOnItsOwnLine() {
        let result = readCSV("a,b\n\"x\nyé\",2,3\n")
        #expect(result.issueSummaries == ["csv.field-count@3:7"])
    }

    @Test func invalidUTF8IsReportedAtTheField() {
        let bytes = Array("a,b\n1,x".utf8) + [0xFF] + Array("y\n\"é".utf8) + [0xC3] + Array("\",2\n3,4\n".utf8)
        let result = readCSV(bytes: bytes)
        #expect(result.issueSummaries == ["csv.invalid-utf8@2:3", "csv.invalid-utf8@3:1"])
        #expect(result.records == [["a", "b"], ["3", "4"]])
    }

    @Test(
        arguments: [
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xE2, 0x28, 0xA1], [0xFE],
        ] as [[UInt8]])
    func rejectsMalformedUTF8(bytes: [UInt8]) {
        #expect(!bytes.withUnsafeBufferPointer { CSVReader.isValidUTF8($0) })
    }

    @Test func acceptsWellFormedUTF8() {
        let text = "ascii é ß 日本 € 😀 \u{10FFFF} \u{FFFD} \u{D7FF} \u{E000}"
        #expect(Array(text.utf8).withUnsafeBufferPointer { CSVReader.isValidUTF8($0) })
    }

    @Test func reportsEveryIssueInPositionOrderAndKeepsGoodRows() {
        let text = """
            a,b,c
            1,2,3
            x"y,2,3
            4,5
            6,7,8,9
            "p"q,1,2
            10,11,12
            13,"open
            """
        let result = readCSV(text)
        #expect(
            result.issueSummaries == [
                "csv.stray-quote@3:2",
                "csv.field-count@4:1",
                "csv.field-count@5:7",
                "csv.text-after-quote@6:4",
                "csv.unterminated-quote@8:4",
            ])
        #expect(result.records == [["a", "b", "c"], ["1", "2", "3"], ["10", "11", "12"]])
    }

    @Test func severalIssuesInOneRowComeInColumnOrder() {
        // The field count is only known at the end of the row, after both stray quotes.
        let result = readCSV("a,b\nx\"y,1,z\"w\n")
        #expect(result.issueSummaries == ["csv.stray-quote@2:2", "csv.field-count@2:7", "csv.stray-quote@2:8"])
    }

    @Test func errorsThrownByTheBodyPropagate() {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try CSVReader(bytes: Array("a\n1\n2\n".utf8)).forEachRecord { (_: borrowing CSVRecord) throws(Stop) in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }
}
