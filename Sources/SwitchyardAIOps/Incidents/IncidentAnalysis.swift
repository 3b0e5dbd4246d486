import SwitchyardCore

/// Metric series and logs in, incidents out: each series scored by a detector, anomalous stretches and log
/// anomalies turned into evidence, grouped into incidents (``IncidentCorrelator``) and their root causes ranked
/// (``RootCauseRanker``). What `switchyard aiops incidents` and the `incident` workflow run.
public enum IncidentAnalysis {
    /// How series are scored and evidence grouped.
    public struct Options: Sendable {
        /// The detector for every series (the default detector unless set).
        public var detector: DetectorKind = .contextual
        /// Points scored at or above this are anomalous (the detector's default threshold when nil).
        public var threshold: Double?
        /// Evidence starting within this many seconds of an incident's end joins it.
        public var window: Double = 900
        /// Anomalous points (and log findings of one template) closer than this many seconds form one piece of
        /// evidence.
        public var gap: Double = 600
        /// The service calls, when known.
        public var topology: ServiceTopology?
        /// A series' anomalous stretch is evidence only when its most extreme value lies at least this many robust
        /// standard deviations (1.4826 × MAD) from the median of the hour before (at most 60 points; with fewer
        /// than 10 it is kept). A detector also fires on points inside the normal range (a new context, a
        /// recovery); as incident evidence they are false alarms that would open incidents of their own or pass
        /// for the earliest, upstream-most anomaly. 0 keeps every stretch.
        public var minimumDeviation: Double = 3

        /// Options.
        /// - Parameters:
        ///   - detector: The detector for every series.
        ///   - threshold: The score at or above which a point is anomalous; nil for the detector's default.
        ///   - window: Evidence starting within this many seconds of an incident's end joins it.
        ///   - topology: The service calls, when known.
        ///   - minimumDeviation: Robust standard deviations from the hour before that a series' anomaly must reach to
        ///     count as evidence (``minimumDeviation``); 0 keeps every anomaly.
        public init(
            detector: DetectorKind = .contextual, threshold: Double? = nil, window: Double = 900,
            topology: ServiceTopology? = nil, minimumDeviation: Double = 3
        ) {
            self.detector = detector
            self.threshold = threshold
            self.window = window
            self.topology = topology
            self.minimumDeviation = minimumDeviation
        }
    }

    /// Reads the series and log files and finds their incidents.
    /// - Parameters:
    ///   - seriesFiles: Metric files in any ``SeriesFormat``.
    ///   - logFiles: Log files, `PATH` or `SERVICE=PATH` (see ``LogFile/read(_:)``).
    ///   - options: Detector, threshold, window, topology.
    /// - Throws: `SwitchyardError` `invalid_arguments` (no file, or a window that is not positive), the readers'
    ///   errors (`file_not_found`, `invalid_series`, `invalid_timestamp`, `empty_series`, …) naming file and line.
    public static func run(seriesFiles: [String], logFiles: [String], options: Options) throws -> IncidentReport {
        guard !seriesFiles.isEmpty || !logFiles.isEmpty else {
            throw SwitchyardError(code: .invalidArguments, message: "give at least one series FILE (or --logs FILE)")
        }
        var series: [(series: TimeSeries, service: String)] = []
        for path in seriesFiles {
            let all = try SeriesReader.readAll(path: path)
            guard !all.isEmpty else {
                throw SwitchyardError(code: .emptySeries, message: "\(path): no series in the file")
            }
            series += all.map { (series: $0, service: service(of: $0, file: path)) }
        }
        let logs = try logFiles.map(LogFile.read)
        return try run(series: series, logs: logs, options: options)
    }

    /// Finds the incidents in series already read (each with its service) and logs.
    /// - Parameters:
    ///   - series: The series, each with its service.
    ///   - logs: The log files.
    ///   - options: Detector, threshold, window, gap, topology.
    /// - Throws: `SwitchyardError` `invalid_arguments` when the window or gap is not a positive number.
    public static func run(
        series: [(series: TimeSeries, service: String)], logs: [LogFile], options: Options
    ) throws -> IncidentReport {
        guard options.window.isFinite, options.window > 0, options.gap.isFinite, options.gap > 0 else {
            throw SwitchyardError(
                code: .invalidArguments,
                message:
                    "the window (\(options.window) s) and gap (\(options.gap) s) must be positive numbers of seconds")
        }
        guard options.minimumDeviation.isFinite, options.minimumDeviation >= 0 else {
            throw SwitchyardError(
                code: .invalidArguments,
                message: "the minimum deviation (\(options.minimumDeviation)) must be a number ≥ 0")
        }
        var evidence: [AnomalyEvidence] = []
        var notes: [String] = []
        let cut = options.threshold ?? options.detector.defaultThreshold
        for (raw, service) in series {
            let (clean, report) = raw.cleaned()
            notes += report.notes.map { "\(raw.identifier): \($0)" }
            guard clean.points.count >= 2 else {
                notes.append("\(raw.identifier): \(clean.points.count) finite point(s), too few to judge")
                continue
            }
            var detector = options.detector.make()
            let scores = clean.points.map { detector.score($0.value, timestamp: $0.timestamp) }
            for run in AnomalyEvidence.runs(
                of: clean, scores: scores, threshold: cut, service: service, gap: options.gap)
            {
                if let z = deviation(run, in: clean), z < options.minimumDeviation {
                    notes.append(
                        "\(raw.identifier) (service \(service)): anomaly at \(Timestamp.iso8601(run.start)) left out, within the normal "
                            + "range (robust z \((z * 10).rounded() / 10), under \(options.minimumDeviation))")
                    continue
                }
                var item = run
                item.detail = describe(run, in: clean)
                evidence.append(item)
            }
        }
        var lines: [AnomalyEvidence: [LogFile.Line]] = [:]
        for log in logs {
            for anomaly in log.anomalies(gap: options.gap) {
                evidence.append(anomaly.evidence)
                lines[anomaly.evidence, default: []] += anomaly.lines
            }
        }
        let correlator = IncidentCorrelator(window: options.window, topology: options.topology)
        let entries = correlator.incidents(from: evidence).enumerated().map { index, incident in
            IncidentReport.Entry(
                number: index + 1, incident: incident, evidence: CitedEvidence.number(incident.evidence, lines: lines))
        }
        return IncidentReport(
            incidents: entries, notes: notes, seriesCount: series.count,
            logLineCount: logs.map(\.lines.count).reduce(0, +))
    }

    /// The service a series belongs to: its `service`, `job` or `app` label, else the file name up to its first
    /// dot (`metrics/cart.csv` → `cart`).
    /// - Parameters:
    ///   - series: The series; its `service`, `job` or `app` label is looked at first.
    ///   - file: The file it was read from.
    public static func service(of series: TimeSeries, file: String) -> String {
        for key in ["service", "job", "app"] {
            if let value = series.labels[key], !value.isEmpty { return value }
        }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    /// How far a run of anomalous points lies from the hour before: the largest |value − median| over
    /// 1.4826 × MAD of the (at most 60) points before it; infinite when those are constant and the run is not;
    /// nil with fewer than 10 points before (too few to judge).
    static func deviation(_ run: AnomalyEvidence, in series: TimeSeries) -> Double? {
        let before = series.points.filter { $0.timestamp < run.start && $0.timestamp >= run.start - 3600 }
            .suffix(60).map(\.value)
        guard before.count >= 10 else { return nil }
        let inside = series.points.filter { $0.timestamp >= run.start && $0.timestamp <= run.end }.map(\.value)
        let median = before.median()
        let spread = 1.4826 * before.map { abs($0 - median) }.median()
        let largest = inside.map { abs($0 - median) }.max() ?? 0
        if spread == 0 { return largest == 0 ? 0 : .infinity }
        return largest / spread
    }

    /// What a run of anomalous points looked like: the values in it against the median of the points before.
    static func describe(_ run: AnomalyEvidence, in series: TimeSeries) -> String {
        let inside = series.points.filter { $0.timestamp >= run.start && $0.timestamp <= run.end }.map(\.value)
        let before = series.points.filter { $0.timestamp < run.start }.suffix(60).map(\.value)
        func show(_ v: Double) -> String {
            let r = (v * 1000).rounded() / 1000
            return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
        }
        let low = inside.min() ?? 0
        let high = inside.max() ?? 0
        var text = low == high ? "value \(show(low))" : "values \(show(low)) to \(show(high))"
        if !before.isEmpty { text += " (median \(show(before.median())) before)" }
        return text
    }
}
