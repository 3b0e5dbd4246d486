/// Baseline: for each phase of a season (a day by default), the median and MAD of the last `cycles` values seen
/// at that phase; the score is the robust z-score |x − median| / (1.4826·MAD) mapped to [0, 1].
///
/// The phase is the timestamp modulo the season, in steps of the series' first observed interval, so memory is
/// `season/step × cycles` values, capped at `maxPhases`.
public struct SeasonalMADDetector: StreamingDetector {
    public var season: Double
    public var cycles: Int
    public var maxPhases: Int
    private var step: Double = 0
    private var lastTimestamp: Double?
    private var phases: [RingBuffer] = []
    private var global = RingBuffer(capacity: 256)

    /// A seasonal median/MAD detector.
    /// - Parameters:
    ///   - season: The season's length in seconds (a day by default).
    ///   - cycles: Past cycles kept per phase.
    ///   - maxPhases: At most this many phases per season (memory bound).
    public init(season: Double = 86_400, cycles: Int = 7, maxPhases: Int = 2_016) {
        self.season = season
        self.cycles = cycles
        self.maxPhases = maxPhases
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        defer { lastTimestamp = timestamp }
        if step == 0, let last = lastTimestamp, timestamp > last {
            step = max(timestamp - last, season / Double(maxPhases))
            phases = Array(repeating: RingBuffer(capacity: cycles), count: max(1, Int((season / step).rounded())))
        }
        global.append(value)
        guard step > 0 else { return 0 }
        let phase = Int((timestamp.truncatingRemainder(dividingBy: season)) / step) % phases.count
        let history = phases[phase].values
        phases[phase].append(value)
        let reference = history.count >= 3 ? history : global.values
        guard reference.count >= 3 else { return 0 }
        let median = reference.median()
        let mad = reference.map { abs($0 - median) }.median()
        let spread = max(1.4826 * mad, 1e-9 * max(1, abs(median)))
        let recent = global.values
        let center = recent.median()
        let scale = recent.map { abs($0 - center) }.median() * 1.4826
        let z = abs(value - median) / max(spread, 0.1 * scale, 1e-12)
        return 1 - 2 * Normal.tail(z / 2)
    }
}
