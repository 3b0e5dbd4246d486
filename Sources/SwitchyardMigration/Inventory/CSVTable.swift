import Foundation
import SwitchyardCore

/// A CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with the line each row starts on, so that
/// errors can name the row and column.
struct CSVTable: Sendable {
    /// The header names, trimmed.
    var header: [String]
    /// The data rows (blank lines skipped).
    var rows: [[String]]
    /// The 1-based line each data row starts on.
    var lines: [Int]
    /// The file, for messages.
    var file: String

    /// Parses `text`; throws `invalid_inventory` naming the line and column of an unterminated quote, a quote
    /// in the middle of an unquoted field, or a row whose field count differs from the header's.
    init(parsing text: String, file: String) throws(SwitchyardError) {
        self.file = file
        var records: [[String]] = []
        var recordLines: [Int] = []
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        var line = 1
        let n = bytes.count
        while i < n {
            // One record.
            let startLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var column = 1
            var lineStart = i
            var endOfRecord = false
            while !endOfRecord {
                column = i - lineStart + 1
                if i < n && bytes[i] == UInt8(ascii: "\"") {
                    let quoteLine = line
                    let quoteColumn = column
                    i += 1
                    var closed = false
                    while i < n {
                        let b = bytes[i]
                        if b == UInt8(ascii: "\"") {
                            if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") {
                                field.append(b)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if b == UInt8(ascii: "\n") {
                            line += 1
                            lineStart = i + 1
                        }
                        field.append(b)
                        i += 1
                    }
                    if !closed {
                        throw ParseError.inventory(
                            file, line: quoteLine, column: quoteColumn,
                            "unterminated quoted field: add the closing '\"' (write a quote inside a field as \"\")")
                    }
                    if i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != UInt8(ascii: "\n")
                        && bytes[i] != UInt8(ascii: "\r")
                    {
                        throw ParseError.inventory(
                            file, line: line, column: i - lineStart + 1,
                            "unexpected text after a closing quote: quote the whole field")
                    }
                } else {
                    while i < n {
                        let b = bytes[i]
                        if b == UInt8(ascii: ",") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
                        if b == UInt8(ascii: "\"") {
                            throw ParseError.inventory(
                                file, line: line, column: i - lineStart + 1,
                                "a quote inside an unquoted field: quote the whole field and double the quote")
                        }
                        field.append(b)
                        i += 1
                    }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                if i < n && bytes[i] == UInt8(ascii: ",") {
                    i += 1
                } else {
                    if i < n && bytes[i] == UInt8(ascii: "\r") { i += 1 }
                    if i < n && bytes[i] == UInt8(ascii: "\n") { i += 1 }
                    line += 1
                    endOfRecord = true
                }
            }
            _ = lineStart
            if fields.count == 1 && fields[0].allSatisfy(\.isWhitespace) { continue }
            records.append(fields)
            recordLines.append(startLine)
        }
        guard let first = records.first else {
            throw ParseError.inventory(file, line: 1, "the file is empty: expected a header row")
        }
        header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
        lines = Array(recordLines.dropFirst())
        for (row, fields) in rows.enumerated() where fields.count != header.count {
            throw ParseError.inventory(
                file, line: lines[row], column: fields.count < header.count ? nil : header.count + 1,
                "row has \(fields.count) fields but the header has \(header.count): fix the row or quote fields "
                    + "that contain commas")
        }
    }

    /// The index of the first header among `names` (case-insensitive), if any.
    func column(_ names: String...) -> Int? {
        for name in names {
            if let i = header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return i }
        }
        return nil
    }

    /// The index of a required column; throws naming the columns that would do.
    func requireColumn(_ names: String...) throws(SwitchyardError) -> Int {
        for name in names {
            if let i = header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return i }
        }
        throw ParseError.inventory(
            file, line: 1,
            "missing column \(names.map { "'\($0)'" }.joined(separator: " or ")): export the sheet with that column")
    }

    /// The field at `row`, `column`, trimmed; "" when `column` is nil.
    func field(_ row: Int, _ column: Int?) -> String {
        guard let column else { return "" }
        return rows[row][column].trimmingCharacters(in: .whitespaces)
    }

    /// The field as an integer (thousands separators and a fraction are accepted); throws naming row and column.
    func int(_ row: Int, _ column: Int, what: String) throws(SwitchyardError) -> Int {
        let text = field(row, column).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
        if let v = Int(text), (-ParseError.maxNumber...ParseError.maxNumber).contains(v) { return v }
        if let d = Double(text), d.isFinite, d >= 0, d <= Double(ParseError.maxNumber) { return Int(d.rounded()) }
        if Int(text) != nil || Double(text)?.isFinite == true {
            throw ParseError.inventory(
                file, line: lines[row], column: column + 1,
                "\(what) (column '\(header[column])') is \(ParseError.quote(field(row, column))), out of range "
                    + "(at most \(ParseError.maxNumber))")
        }
        throw ParseError.inventory(
            file, line: lines[row], column: column + 1,
            "\(what) (column '\(header[column])') is \(ParseError.quote(field(row, column))), not a number")
    }

    /// An optional integer field: nil when blank or absent.
    func optionalInt(_ row: Int, _ column: Int?, what: String) throws(SwitchyardError) -> Int? {
        guard let column, !field(row, column).isEmpty else { return nil }
        return try int(row, column, what: what)
    }
}

/// RVTools writes booleans as True/False; some exports say Yes/No or 1/0.
func parseFlag(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "yes", "1", "on", "enabled": return true
    case "false", "no", "0", "off", "disabled": return false
    default: return nil
    }
}
