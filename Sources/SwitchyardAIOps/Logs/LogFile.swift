import Foundation
import SwitchyardCore

/// A log file read for incident analysis: each line with the time it was written and the service it belongs to.
///
/// A line starts with its timestamp: ISO 8601 (`2024-01-01T10:00:00Z`, `2024-01-01 10:00:00.123+02:00`, also in
/// square brackets) or Unix seconds or milliseconds. A line without one (a stack trace's continuation) takes the
/// time of the line before it; lines before the first timestamp take the first timestamp.
public struct LogFile: Sendable, Equatable {
    /// One line of the file.
    public struct Line: Sendable, Equatable {
        /// 1-based line number in the file.
        public var number: Int
        /// Unix seconds.
        public var timestamp: Double
        /// The line without its timestamp, cut to ``LogFile/maximumLineBytes``.
        public var text: String
    }

    /// The file, as named on the command line.
    public var path: String
    /// The service the lines belong to.
    public var service: String
    /// The non-empty lines, in file order.
    public var lines: [Line]

    /// Longer lines are cut to this many bytes (a 1 MB line is mined and shown as its first 16 KB).
    public static let maximumLineBytes = 16_384

    /// Reads the log at `path`.
    /// - Parameters:
    ///   - path: The file; `SERVICE=PATH` names the service, otherwise it is the file name up to its first dot
    ///     (`logs/cart.log` → `cart`).
    /// - Throws: `SwitchyardError` `file_not_found`, `input_too_large`, `empty_input` (no line), or
    ///   `invalid_timestamp` when no line starts with a timestamp, naming the file.
    public static func read(_ argument: String) throws -> LogFile {
        var path = argument
        var service: String?
        if let eq = argument.firstIndex(of: "="), !FileManager.default.fileExists(atPath: argument) {
            service = String(argument[..<eq])
            path = String(argument[argument.index(after: eq)...])
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > SeriesReader.maximumFileBytes {
            throw SwitchyardError(
                code: .inputTooLarge,
                message: "\(path): \(size) bytes is over the \(SeriesReader.maximumFileBytes)-byte limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read the log '\(path)': no such readable file")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return try parse(String(decoding: data, as: UTF8.self), path: path, service: service ?? stem)
    }

    /// Parses log text; `path` names it in errors.
    /// - Parameters:
    ///   - text: The log.
    ///   - path: Its file name for errors.
    ///   - service: The service it belongs to.
    /// - Throws: `SwitchyardError` `empty_input` or `invalid_timestamp`.
    public static func parse(_ text: String, path: String, service: String) throws -> LogFile {
        var lines: [Line] = []
        var last: Double?
        var pending: [(Int, String)] = []
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak) {
            number += 1
            let cut = cutToLimit(raw)
            if cut.trimmingSpaces.isEmpty { continue }
            if let (stamp, rest) = leadingTimestamp(cut) {
                if last == nil { lines += pending.map { Line(number: $0.0, timestamp: stamp, text: $0.1) } }
                pending = []
                last = stamp
                lines.append(Line(number: number, timestamp: stamp, text: rest))
            } else if let last {
                lines.append(Line(number: number, timestamp: last, text: String(cut.trimmingSpaces)))
            } else {
                pending.append((number, String(cut.trimmingSpaces)))
            }
        }
        if lines.isEmpty && pending.isEmpty {
            throw SwitchyardError(code: .emptyInput, message: "\(path): the log has no line")
        }
        guard last != nil else {
            throw SwitchyardError(
                code: .invalidTimestamp,
                message:
                    "\(path): no line starts with a timestamp (ISO 8601 such as 2024-01-01T10:00:00Z, or Unix "
                    + "seconds); incidents need the time of each line")
        }
        return LogFile(path: path, service: service, lines: lines)
    }

    /// The timestamp a line starts with (one token, two for `date time`, optionally in brackets) and the rest.
    static func leadingTimestamp(_ line: Substring) -> (Double, String)? {
        let body = line.trimmingSpaces
        if body.first == "[" {
            guard let close = body.firstIndex(of: "]"),
                let stamp = parse(body[body.index(after: body.startIndex)..<close])
            else { return nil }
            return (stamp, String(body[body.index(after: close)...].trimmingSpaces))
        }
        let tokens = body.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard let first = tokens.first else { return nil }
        if tokens.count >= 2, first.count == 10, first.contains("-"),
            let stamp = parse(body[first.startIndex..<tokens[1].endIndex])
        {
            return (stamp, tokens.count > 2 ? String(tokens[2]) : "")
        }
        guard let stamp = parse(first) else { return nil }
        return (stamp, String(body[first.endIndex...].trimmingSpaces))
    }

    /// A timestamp, or nil; bare numbers count only from 1e8 (1973), so `200 OK` is not a time.
    private static func parse(_ text: Substring) -> Double? {
        let trimmed = text.trimmingSpaces
        guard let c = trimmed.first, c.isNumber else { return nil }
        if let number = Double(trimmed) { return number >= 1e8 ? (number > 1e11 ? number / 1000 : number) : nil }
        return try? Timestamp.parse(trimmed)
    }

    private static func cutToLimit(_ line: Substring) -> Substring {
        guard line.utf8.count > maximumLineBytes else { return line }
        var end = line.utf8.index(line.utf8.startIndex, offsetBy: maximumLineBytes)
        while end > line.startIndex, !line.indices.contains(end) { end = line.utf8.index(before: end) }
        return line[..<end]
    }
}
