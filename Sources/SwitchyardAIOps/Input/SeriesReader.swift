import Foundation
import SwitchyardCore

/// Reads metric series from files in any ``SeriesFormat``.
public enum SeriesReader {
    /// Inputs larger than this are refused (the detectors stream, but the readers hold one file).
    public static let maximumFileBytes = 512 << 20

    /// Reads every series in the file at `path`, guessing the format unless `format` is given.
    /// - Parameters:
    ///   - path: The file.
    ///   - format: The format (guessed when nil).
    /// - Throws: `SwitchyardError` (`file_not_found`, `input_too_large`, `invalid_series`, `invalid_timestamp`, …)
    ///   naming the file and line.
    public static func readAll(path: String, format: SeriesFormat? = nil) throws -> [TimeSeries] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumFileBytes {
            throw SwitchyardError(
                code: .inputTooLarge, message: "\(path): \(size) bytes is over the \(maximumFileBytes)-byte limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read '\(path)': no such readable file")
        }
        let text = String(decoding: data, as: UTF8.self)
        return try parse(text, source: path, format: format ?? .detect(path: path, text: Substring(text)))
    }

    /// Reads the first series in the file at `path` (NAB files hold exactly one).
    /// - Parameter path: The file.
    /// - Throws: What ``readAll(path:format:)`` throws, or `empty_series` when the file holds no series.
    public static func read(path: String) throws -> TimeSeries {
        let all = try readAll(path: path)
        guard let first = all.first else {
            throw SwitchyardError(code: .emptySeries, message: "\(path): no data rows")
        }
        return first
    }

    /// Parses `text` in `format`; `source` names the input in errors.
    /// - Parameters:
    ///   - text: The input.
    ///   - source: Its name for error messages.
    ///   - format: Its format.
    /// - Throws: `SwitchyardError` (`invalid_series`, `invalid_value`, `invalid_json`, `invalid_timestamp`,
    ///   `unknown_timezone`, `empty_series`) naming the source and line.
    public static func parse(_ text: String, source: String, format: SeriesFormat) throws -> [TimeSeries] {
        switch format {
        case .csv: return try CSVSeriesParser.parse(text, source: source)
        case .jsonl: return try JSONLSeriesParser.parse(text, source: source)
        case .prometheusRange: return try PrometheusRangeParser.parse(text, source: source)
        default: return try PrometheusTextParser.parse(text, source: source)
        }
    }

    /// Parses a numeric value: a number, `NaN`, `+Inf`/`-Inf` (Prometheus), or empty (missing → NaN).
    static func value(_ field: Substring) -> Double? {
        let t = field.trimmingSpaces
        if t.isEmpty { return .nan }
        if let d = Double(t) { return d }
        switch t.lowercased() {
        case "nan", "null", "none", "na": return .nan
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    /// Where a line is, for error messages.
    static func place(_ source: String, _ line: Int) -> String { "\(source):\(line)" }
}
