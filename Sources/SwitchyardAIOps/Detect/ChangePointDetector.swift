/// Baseline: a two-sided CUSUM change-point detector on values standardised by a slow running mean and standard
/// deviation. A row scores only when a CUSUM statistic S crosses the decision threshold `h` (a change is
/// flagged): then 1 − h / (2·S), so a change just past `h` scores 0.5 and a sharper one (S far past `h` on
/// that row) more; every other row scores 0. Both sums restart after a flag so the detector adapts to the new
/// level.
///
/// Scoring the flags by their size (instead of 1 each) lets a threshold sweep keep the large changes and drop
/// the small ones; with every flag at 1, NAB's sweep could only take all 4,983 flags of the corpus (4,254 of
/// them false positives) or none.
public struct ChangePointDetector: StreamingDetector {
    /// The slack (in standard deviations) a value may drift before it counts towards a change.
    public var drift: Double
    /// The decision threshold, in standard deviations.
    public var h: Double
    public var alpha: Double
    /// The smallest standard deviation, as a fraction of the range (max − min) seen so far: on a stretch of equal
    /// values the running deviation falls towards 0 and the next small step would otherwise be a change of
    /// "infinite" size.
    public var rangeFloor: Double
    private var low = Double.infinity
    private var high = -Double.infinity
    private var mean = 0.0
    private var variance = 0.0
    private var seen = 0
    private var upper = 0.0
    private var lower = 0.0

    /// A detector with the given CUSUM settings.
    /// - Parameters:
    ///   - drift: The slack, in standard deviations, before a value counts towards a change.
    ///   - h: The decision threshold, in standard deviations.
    ///   - alpha: The weight of the newest value in the running mean and deviation.
    ///   - rangeFloor: The smallest standard deviation, as a fraction of the range seen so far.
    public init(drift: Double = 0.5, h: Double = 12, alpha: Double = 0.01, rangeFloor: Double = 0.1) {
        self.drift = drift
        self.h = h
        self.alpha = alpha
        self.rangeFloor = rangeFloor
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        seen += 1
        let range = high > low ? high - low : 0
        low = min(low, value)
        high = max(high, value)
        if seen == 1 {
            mean = value
            return 0
        }
        let sd = max(variance.squareRoot(), rangeFloor * range, 1e-9 * max(1, abs(mean)))
        let z = (value - mean) / sd
        upper = max(0, upper + z - drift)
        lower = max(0, lower - z - drift)
        let d = value - mean
        mean += alpha * d
        variance = (1 - alpha) * (variance + alpha * d * d)
        guard seen > 30 else {
            upper = 0
            lower = 0
            return 0
        }
        let s = max(upper, lower)
        guard s >= h, s.isFinite else { return s.isFinite ? 0 : 1 }
        upper = 0
        lower = 0
        mean = value
        return 1 - h / (2 * s)
    }
}
