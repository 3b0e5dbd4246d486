/// One metric series: a name, its labels and its points in time order.
///
/// Readers build these from CSV, JSONL and Prometheus inputs; detectors consume the values one at a time.
public struct TimeSeries: Sendable, Equatable {
    /// One observation: seconds since 1970-01-01T00:00:00Z and a value.
    public struct Point: Sendable, Equatable {
        public var timestamp: Double
        public var value: Double
        /// A point.
        /// - Parameters:
        ///   - timestamp: Unix seconds.
        ///   - value: The value.
        public init(timestamp: Double, value: Double) {
            self.timestamp = timestamp
            self.value = value
        }
    }

    /// The metric name (`__name__` for Prometheus inputs, the value column for CSV).
    public var name: String
    /// The labels, Prometheus style (`job`, `instance`, …), empty when the input has none.
    public var labels: [String: String]
    /// The points, in the order the input gave them (see ``cleaned(policy:)`` for ordering and gaps).
    public var points: [Point]
    /// The timestamps exactly as the input wrote them, when the input had text timestamps (NAB's results layout
    /// needs them verbatim); empty otherwise.
    public var rawTimestamps: [String]

    /// A series.
    /// - Parameters:
    ///   - name: The metric name.
    ///   - labels: Its labels.
    ///   - points: Its points.
    ///   - rawTimestamps: The timestamps as the input wrote them.
    public init(name: String, labels: [String: String] = [:], points: [Point], rawTimestamps: [String] = []) {
        self.name = name
        self.labels = labels
        self.points = points
        self.rawTimestamps = rawTimestamps
    }

    /// `name{key="value",…}` with the labels sorted, the way Prometheus prints a series.
    public var identifier: String {
        guard !labels.isEmpty else { return name }
        let inner = labels.keys.sorted().map { "\($0)=\"\(labels[$0]!)\"" }.joined(separator: ",")
        return "\(name){\(inner)}"
    }
}
