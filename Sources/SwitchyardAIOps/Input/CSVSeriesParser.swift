import SwitchyardCore

/// `timestamp,value[,value…]` with a header row. The timestamp column is the one named timestamp, time, ts or
/// date (else the first); each other column is one series named after its header.
enum CSVSeriesParser {
    static func parse(_ text: String, source: String) throws -> [TimeSeries] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak).makeIterator()
        var lineNumber = 1
        guard let headerLine = lines.next(), !headerLine.trimmingSpaces.isEmpty else {
            throw SwitchyardError(code: .emptySeries, message: "\(source): empty CSV (expected a header row)")
        }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0.trimmingSpaces).trimmingCharacters(in: "\"")
        }
        let timeColumn =
            header.firstIndex { ["timestamp", "time", "ts", "date", "datetime"].contains($0.lowercased()) } ?? 0
        let valueColumns = header.indices.filter { $0 != timeColumn }
        guard !valueColumns.isEmpty else {
            throw SwitchyardError(
                code: .invalidSeries, message: "\(source):1: the header has no value column (expected timestamp,value)")
        }
        var points = [[TimeSeries.Point]](repeating: [], count: valueColumns.count)
        var raw: [String] = []
        while let line = lines.next() {
            lineNumber += 1
            if line.trimmingSpaces.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw SwitchyardError(
                    code: .invalidSeries,
                    message:
                        "\(source):\(lineNumber): \(fields.count) fields where the header has \(header.count) "
                        + "(\(Quote.short(String(line))))")
            }
            let stampText = fields[timeColumn].trimmingSpaces
            let stamp: Double
            do {
                stamp = try Timestamp.parse(stampText)
            } catch let error as SwitchyardError {
                throw SwitchyardError(code: error.code, message: "\(source):\(lineNumber): \(error.message)")
            }
            raw.append(String(stampText))
            for (k, column) in valueColumns.enumerated() {
                guard let v = SeriesReader.value(fields[column]) else {
                    throw SwitchyardError(
                        code: .invalidValue,
                        message:
                            "\(source):\(lineNumber): column '\(header[column])' holds \(Quote.short(String(fields[column]))), "
                            + "not a number")
                }
                points[k].append(.init(timestamp: stamp, value: v))
            }
        }
        return valueColumns.enumerated().map { k, column in
            TimeSeries(name: header[column], points: points[k], rawTimestamps: raw)
        }
    }
}

extension String {
    func trimmingCharacters(in quote: Character) -> String {
        var s = Substring(self)
        if s.first == quote, s.last == quote, s.count >= 2 { s = s.dropFirst().dropLast() }
        return String(s)
    }
}
