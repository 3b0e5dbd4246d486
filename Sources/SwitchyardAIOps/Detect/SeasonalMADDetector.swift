/// Baseline: for each phase of a season (a day by default), the median and MAD of the last `cycles` values seen
/// at that phase; the score is the robust z-score |x − median| / (1.4826·MAD) mapped to [0, 1) by
/// ``DeviationScore`` (3 robust deviations score 0.5).
///
/// The phase is the timestamp modulo the season, in steps of the series' first observed interval, so memory is
/// `season/step × cycles` values, capped at `maxPhases`. The spread never falls below `rangeFloor` of the range
/// seen so far, nor below a tenth of the recent values' robust spread: a phase whose recent values are all equal
/// (an idle CPU, a quantised count) has a MAD of 0, and without a floor any change there would be an
/// "infinitely" anomalous point outranking every real anomaly of the corpus.
public struct SeasonalMADDetector: StreamingDetector {
    public var season: Double
    public var cycles: Int
    public var maxPhases: Int
    /// The smallest spread, as a fraction of the range (max − min) seen so far.
    public var rangeFloor: Double
    private var step: Double = 0
    private var lastTimestamp: Double?
    private var phases: [RingBuffer] = []
    private var global = RingBuffer(capacity: 256)
    private var low = Double.infinity
    private var high = -Double.infinity

    /// A detector.
    /// - Parameters:
    ///   - season: The season's length, in seconds.
    ///   - cycles: Past values kept per phase.
    ///   - maxPhases: Most phases tracked.
    ///   - rangeFloor: The smallest spread, as a fraction of the range seen so far.
    public init(season: Double = 86_400, cycles: Int = 7, maxPhases: Int = 2_016, rangeFloor: Double = 0.1) {
        self.season = season
        self.cycles = cycles
        self.maxPhases = maxPhases
        self.rangeFloor = rangeFloor
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        defer { lastTimestamp = timestamp }
        if step == 0, let last = lastTimestamp, timestamp > last {
            step = max(timestamp - last, season / Double(maxPhases))
            phases = Array(repeating: RingBuffer(capacity: cycles), count: max(1, Int((season / step).rounded())))
        }
        let range = high > low ? high - low : 0
        low = min(low, value)
        high = max(high, value)
        global.append(value)
        guard step > 0 else { return 0 }
        let phase = Int((timestamp.truncatingRemainder(dividingBy: season)) / step) % phases.count
        let history = phases[phase].values
        phases[phase].append(value)
        let reference = history.count >= 3 ? history : global.values
        guard reference.count >= 3 else { return 0 }
        let median = reference.median()
        let mad = reference.map { abs($0 - median) }.median()
        let recent = global.values
        let center = recent.median()
        let scale = recent.map { abs($0 - center) }.median() * 1.4826
        let spread = max(1.4826 * mad, 0.1 * scale, rangeFloor * range, 1e-9 * max(1, abs(median)))
        return DeviationScore.of((value - median) / spread)
    }
}
