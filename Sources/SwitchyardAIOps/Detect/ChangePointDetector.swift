/// Baseline: a two-sided CUSUM change-point detector on values standardised by a slow running mean and standard
/// deviation. The score is the larger CUSUM statistic over the decision threshold `h`, capped at 1; both sums
/// restart after a change is flagged so the detector adapts to the new level.
public struct ChangePointDetector: StreamingDetector {
    /// The slack (in standard deviations) a value may drift before it counts towards a change.
    public var drift: Double
    /// The decision threshold, in standard deviations.
    public var h: Double
    public var alpha: Double
    private var mean = 0.0
    private var variance = 0.0
    private var seen = 0
    private var upper = 0.0
    private var lower = 0.0

    /// A CUSUM change-point detector.
    /// - Parameters:
    ///   - drift: Allowance per point, in standard deviations, before the sums grow.
    ///   - h: Decision limit of the CUSUM sums, in standard deviations.
    ///   - alpha: Weight of the exponentially weighted mean and variance.
    public init(drift: Double = 0.5, h: Double = 8, alpha: Double = 0.01) {
        self.drift = drift
        self.h = h
        self.alpha = alpha
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        seen += 1
        if seen == 1 {
            mean = value
            return 0
        }
        let sd = max(variance.squareRoot(), 1e-9 * max(1, abs(mean)))
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
        let s = max(upper, lower) / h
        if s >= 1 {
            upper = 0
            lower = 0
            mean = value
        }
        return min(1, s)
    }
}
