#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a stream of raw anomaly scores into how unusual the recent scores are, after the anomaly likelihood
/// of Ahmad et al., "Unsupervised real-time anomaly detection for streaming data" (Neurocomputing 2017): the mean
/// of the last `shortWindow` raw scores is compared with the mean and spread of the last `longWindow`, and the
/// Gaussian tail probability is mapped to a log scale in [0, 1] (1 − 10⁻⁵ maps to 0.5, 1 − 10⁻¹⁰ to 1).
public struct AnomalyLikelihood: Sendable {
    public var shortWindow: Int
    public var longWindow: Int
    /// Scores before this many raw scores are 0 (the distribution is still being learned).
    public var learningPeriod: Int
    /// The smallest standard deviation assumed for the raw scores.
    public var minimumDeviation: Double
    private var long: RingBuffer
    private var short: RingBuffer
    private var sum = 0.0
    private var sumSquares = 0.0
    private var shortSum = 0.0
    private var seen = 0

    /// A likelihood tracker.
    /// - Parameters:
    ///   - shortWindow: Raw scores averaged for the recent level.
    ///   - longWindow: Raw scores kept for the typical level and spread.
    ///   - learningPeriod: Raw scores seen before any likelihood is given (0 until then).
    ///   - minimumDeviation: Floor of the spread, so a flat history does not make every change certain.
    public init(
        shortWindow: Int = 10, longWindow: Int = 8_640, learningPeriod: Int = 300, minimumDeviation: Double = 0.03
    ) {
        self.shortWindow = shortWindow
        self.longWindow = longWindow
        self.learningPeriod = learningPeriod
        self.minimumDeviation = minimumDeviation
        long = RingBuffer(capacity: longWindow)
        short = RingBuffer(capacity: shortWindow)
    }

    /// Adds a raw score and returns the log-scaled likelihood that the recent scores are anomalous.
    /// - Parameter raw: The detector's raw score for the next point.
    public mutating func update(_ raw: Double) -> Double {
        seen += 1
        if let old = short.append(raw) { shortSum -= old }
        shortSum += raw
        let shortMean = shortSum / Double(short.count)
        var result = 0.0
        if seen > learningPeriod, long.count > 1 {
            let n = Double(long.count)
            let mean = sum / n
            let variance = max(0, sumSquares / n - mean * mean)
            let sd = max(variance.squareRoot(), minimumDeviation)
            let likelihood = 1 - Normal.tail((shortMean - mean) / sd)
            result = min(1, log(1.0000000001 - likelihood) / log(1e-10))
        }
        if let old = long.append(raw) {
            sum -= old
            sumSquares -= old * old
        }
        sum += raw
        sumSquares += raw * raw
        return max(0, result)
    }
}
