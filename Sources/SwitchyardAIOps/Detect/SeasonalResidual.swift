/// Seasonal-shape novelty, one channel of ``ContextualDetector``: how far a value lies from what the same phase
/// of the previous cycles predicts, for series that repeat daily or weekly.
///
/// The sampling step comes from the median of the first timestamp gaps; the candidate periods are one day and
/// one week in rows (when whole numbers of rows and within `memory`). A candidate predicts the median of the
/// values one, two, … `cycles` periods back. The channel is active only while the best candidate's mean absolute
/// error is below `gate` × the mean absolute deviation from the running mean (the series really repeats); its raw
/// score is min(1, |residual| / (`scale` × that mean error)), turned into an anomaly likelihood (which sees only
/// the rows where the channel is active). Memory is bounded
/// by `memory` values.
struct SeasonalResidual: Sendable {
    var cycles: Int
    var gate: Double
    var scale: Double
    var memory: Int
    private var likelihood: AnomalyLikelihood
    private var gaps: [Double] = []
    private var lastTimestamp: Double?
    private var periods: [Int] = []
    private var buffer = RingBuffer(capacity: 1)
    private var errorSums: [Double] = []
    private var errorCounts: [Int] = []
    private var mean = 0.0
    private var deviationSum = 0.0
    private var seen = 0
    private var scratch: [Double] = []

    init(cycles: Int, gate: Double, scale: Double, memory: Int, likelihood: AnomalyLikelihood) {
        self.cycles = max(1, cycles)
        self.gate = gate
        self.scale = scale
        self.memory = memory
        self.likelihood = likelihood
    }

    /// Records `value` and returns the channel's output in [0, 1] (0 while the series is not seasonal).
    mutating func update(_ value: Double, timestamp: Double) -> Double {
        if periods.isEmpty, buffer.capacity == 1 { learnStep(timestamp) }
        seen += 1
        mean += (value - mean) / Double(seen)
        deviationSum += abs(value - mean)
        var bestError = Double.infinity
        var bestResidual = 0.0
        for (k, period) in periods.enumerated() where buffer.count >= cycles * period {
            scratch.removeAll(keepingCapacity: true)
            for c in 1...cycles { scratch.append(buffer.recent(c * period - 1)) }
            scratch.sort()
            let middle = scratch.count / 2
            let median = scratch.count % 2 == 1 ? scratch[middle] : (scratch[middle - 1] + scratch[middle]) / 2
            let residual = abs(value - median)
            if errorCounts[k] >= period {
                let error = errorSums[k] / Double(errorCounts[k])
                if error < bestError {
                    bestError = error
                    bestResidual = residual
                }
            }
            errorSums[k] += residual
            errorCounts[k] += 1
        }
        if !periods.isEmpty { buffer.append(value) }
        let level = deviationSum / Double(seen)
        guard bestError.isFinite, level > 0, bestError < gate * level else { return 0 }
        return likelihood.update(min(1, bestResidual / (scale * max(bestError, 1e-9 * level))))
    }

    /// Estimates the sampling step from the first ten gaps and sets up the candidate periods.
    private mutating func learnStep(_ timestamp: Double) {
        defer { lastTimestamp = timestamp }
        guard let last = lastTimestamp else { return }
        if timestamp > last { gaps.append(timestamp - last) }
        guard gaps.count >= 10 else { return }
        let step = gaps.median()
        gaps = []
        for seconds in [86_400.0, 604_800.0] {
            let rows = seconds / step
            let whole = rows.rounded()
            if whole >= 4, whole * Double(cycles) <= Double(memory), abs(rows - whole) < 0.01 {
                periods.append(Int(whole))
            }
        }
        guard let longest = periods.max() else {
            buffer = RingBuffer(capacity: 2)  // marks the step as learnt
            return
        }
        buffer = RingBuffer(capacity: longest * cycles)
        errorSums = [Double](repeating: 0, count: periods.count)
        errorCounts = [Int](repeating: 0, count: periods.count)
    }
}
