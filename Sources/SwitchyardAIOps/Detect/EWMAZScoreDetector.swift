/// Baseline: the distance of each value from an exponentially weighted mean, in exponentially weighted standard
/// deviations, mapped to [0, 1) by ``DeviationScore`` (3 deviations score 0.5).
public struct EWMAZScoreDetector: StreamingDetector {
    /// The weight of the newest value in the running mean and variance.
    public var alpha: Double
    /// Values scored 0 while the statistics warm up.
    public var warmup: Int
    private var mean = 0.0
    private var variance = 0.0
    private var seen = 0

    /// A detector.
    /// - Parameters:
    ///   - alpha: The weight of the newest value in the running mean and variance.
    ///   - warmup: Values scored 0 while the statistics warm up.
    public init(alpha: Double = 0.05, warmup: Int = 30) {
        self.alpha = alpha
        self.warmup = warmup
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        seen += 1
        if seen == 1 {
            mean = value
            return 0
        }
        let deviation = value - mean
        let sd = variance.squareRoot()
        let z = sd > 1e-12 ? abs(deviation) / sd : (abs(deviation) > 1e-12 ? 10 : 0)
        mean += alpha * deviation
        variance = (1 - alpha) * (variance + alpha * deviation * deviation)
        return seen <= warmup ? 0 : DeviationScore.of(z)
    }
}
