/// The input formats the series readers understand.
public struct SeriesFormat: Sendable, Hashable, CustomStringConvertible {
    let raw: String
    public var description: String { raw }

    /// `timestamp,value[,value…]` with a header; one series per value column.
    public static let csv = SeriesFormat(raw: "csv")
    /// One object a line: `{"timestamp"|"time"|"ts", "value", "metric"|"name"?, "labels"?}`.
    public static let jsonl = SeriesFormat(raw: "jsonl")
    /// Prometheus text exposition: `name{labels} value [timestamp_ms]`, `#` lines skipped.
    public static let prometheusText = SeriesFormat(raw: "prometheus-text")
    /// A Prometheus `/api/v1/query_range` response (`resultType` `matrix`).
    public static let prometheusRange = SeriesFormat(raw: "prometheus-range")

    /// Guesses the format from the file name, then from the first bytes.
    /// - Parameters:
    ///   - path: The file name.
    ///   - text: The file's text (its first 4 KB are read).
    public static func detect(path: String, text: Substring) -> SeriesFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".prom") || lower.hasSuffix(".txt") { return .prometheusText }
        let head = text.prefix(4096).drop { $0.isWhitespace }
        if head.hasPrefix("{") {
            if head.contains("\"resultType\"") || head.contains("\"status\"") { return .prometheusRange }
            return .jsonl
        }
        if head.hasPrefix("#") { return .prometheusText }
        let firstLine = head.prefix { $0 != "\n" }
        if firstLine.contains(",") { return .csv }
        return .prometheusText
    }
}
