/// One anomaly on one series or log stream of one service, the unit incidents are built from.
public struct AnomalyEvidence: Sendable, Hashable {
    /// Where an anomaly was seen: a metric series or a log stream. Grows with static members.
    public struct Source: Sendable, Hashable, CustomStringConvertible {
        /// `metric` or `log`.
        public let name: String
        public var description: String { name }
        /// A metric series scored by a streaming detector.
        public static let metric = Source(name: "metric")
        /// Log lines (new or rare templates, bursts).
        public static let log = Source(name: "log")
    }

    /// The series or log stream (`latency{service="cart"}`, `cart.log`).
    public var series: String
    /// The service it belongs to, as named in the ``ServiceTopology``.
    public var service: String
    /// A metric series or a log stream.
    public var source: Source
    /// First and last anomalous time, Unix seconds.
    public var start: Double
    public var end: Double
    /// The highest anomaly score in [0, 1].
    public var peak: Double
    /// What was seen, for the incident's reasons (`p99 420 ms`, `template 17: connection refused`).
    public var detail: String

    /// One piece of evidence.
    /// - Parameters:
    ///   - series: The series or log stream it was seen on.
    ///   - service: The service it belongs to.
    ///   - source: A metric series or a log stream.
    ///   - start: First anomalous time, Unix seconds.
    ///   - end: Last anomalous time (`start` when nil or earlier).
    ///   - peak: The highest anomaly score in [0, 1].
    ///   - detail: What was seen, for the incident's reasons.
    public init(
        series: String, service: String, source: Source = .metric, start: Double, end: Double? = nil,
        peak: Double = 1, detail: String = ""
    ) {
        self.series = series
        self.service = service
        self.source = source
        self.start = start
        self.end = max(start, end ?? start)
        self.peak = peak
        self.detail = detail
    }

    /// The anomalous stretches of one scored series: rows scoring at least `threshold`, rows closer than `gap`
    /// seconds merged into one piece of evidence.
    /// - Parameters:
    ///   - series: The scored series.
    ///   - scores: One score per point of `series`.
    ///   - threshold: Points scoring at least this are anomalous.
    ///   - service: The service the evidence belongs to.
    ///   - gap: Anomalous points at most this many seconds apart join one run.
    public static func runs(
        of series: TimeSeries, scores: [Double], threshold: Double, service: String, gap: Double = 600
    ) -> [AnomalyEvidence] {
        var result: [AnomalyEvidence] = []
        for (point, score) in zip(series.points, scores) where score >= threshold {
            if var last = result.last, point.timestamp - last.end <= gap {
                last.end = point.timestamp
                last.peak = max(last.peak, score)
                result[result.count - 1] = last
            } else {
                result.append(
                    AnomalyEvidence(
                        series: series.identifier, service: service, start: point.timestamp, peak: score,
                        detail: "value \(point.value)"))
            }
        }
        return result
    }
}
