import SwitchyardCore

/// One series run through a detector: the points scored at or above a threshold, with what cleaning changed.
///
/// What `switchyard aiops detect` prints; the library call behind it, so it is testable without a process.
public struct SeriesDetection: Sendable, Equatable {
    /// One flagged point.
    public struct Anomaly: Sendable, Equatable {
        public var timestamp: Double
        public var value: Double
        public var score: Double
    }

    /// The series' `name{labels}`.
    public var identifier: String
    /// Points scored, after cleaning.
    public var points: Int
    public var anomalies: [Anomaly]
    /// What cleaning changed, and why a series was not judged, for people.
    public var notes: [String]

    /// Cleans `series` (order, duplicates, NaN), scores it with a fresh detector of `kind` and keeps the points
    /// scored at or above `threshold` (the kind's ``DetectorKind/defaultThreshold`` when nil).
    ///
    /// A series of fewer than two finite points is not judged (a note says so); a constant series scores 0
    /// everywhere with the contextual detector.
    /// - Parameters:
    ///   - series: The series, cleaned before scoring.
    ///   - kind: The detector.
    ///   - threshold: Anomalous from this score (nil: the detector's default).
    public static func run(_ series: TimeSeries, kind: DetectorKind, threshold: Double? = nil) -> SeriesDetection {
        let (clean, report) = series.cleaned()
        var notes = report.notes
        let cut = threshold ?? kind.defaultThreshold
        guard clean.points.count >= 2 else {
            notes.append("\(clean.points.count) finite point(s): too few to judge")
            return SeriesDetection(
                identifier: series.identifier, points: clean.points.count, anomalies: [], notes: notes)
        }
        var detector = kind.make()
        var anomalies: [Anomaly] = []
        for point in clean.points {
            let score = detector.score(point.value, timestamp: point.timestamp)
            if score >= cut { anomalies.append(Anomaly(timestamp: point.timestamp, value: point.value, score: score)) }
        }
        return SeriesDetection(
            identifier: series.identifier, points: clean.points.count, anomalies: anomalies, notes: notes)
    }

    /// Reads every file and runs a fresh detector named `detector` on each of its series.
    /// - Parameters:
    ///   - files: Series files in any ``SeriesFormat``.
    ///   - detector: The detector's name.
    ///   - threshold: Anomalous from this score (nil: the detector's default).
    /// - Throws: `SwitchyardError` `invalid_arguments` for no file, `unknown_detector` for a name no detector
    ///   has, `empty_series` for a file without a series, or the readers' errors (`invalid_series`,
    ///   `invalid_value`, `invalid_json`, `invalid_timestamp`, `file_not_found`, …) naming the file and line.
    public static func run(files: [String], detector: String, threshold: Double? = nil) throws -> [SeriesDetection] {
        guard !files.isEmpty else {
            throw SwitchyardError(code: .invalidArguments, message: "give at least one series FILE")
        }
        let kind = try DetectorKind.named(detector)
        var results: [SeriesDetection] = []
        for path in files {
            let all = try SeriesReader.readAll(path: path)
            guard !all.isEmpty else {
                throw SwitchyardError(code: .emptySeries, message: "\(path): no series in the file")
            }
            results += all.map { run($0, kind: kind, threshold: threshold) }
        }
        return results
    }

    /// The result as JSON for scripts: `{"series", "points", "anomalies": [{"timestamp", "value", "score"}], "notes"}`.
    public var json: JSONValue {
        .object([
            "series": .string(identifier),
            "points": .int(points),
            "anomalies": .array(
                anomalies.map {
                    .object([
                        "timestamp": .string(Timestamp.iso8601($0.timestamp)), "value": .double($0.value),
                        "score": .double(($0.score * 10_000).rounded() / 10_000),
                    ])
                }),
            "notes": .array(notes.map { .string($0) }),
        ])
    }
}
