/// The strong detector: sequence novelty over a discretised value stream, the anomaly likelihood of its recent
/// novelty, spatial novelty (a value beyond the range seen so far), and a rest period after each detection.
///
/// In the spirit of the contextual and HTM detectors that top NAB (a value is anomalous when it was not
/// expected in the context of the values before it), but its own, simpler model: each value falls in one of
/// `bins` equal bins of the running range; for context orders 1…`maxOrder` the detector counts how often each
/// bin followed each context of the previous bins. The raw score is the mean over orders of 1 − count/(total+1);
/// the output is its anomaly likelihood, raised to 1 for spatial novelty and held at 0 for `restPeriod` values
/// after an output over `restThreshold`. Memory is bounded by `bins^(maxOrder+1)` counters.
public struct ContextualDetector: StreamingDetector {
    /// The tunable settings; one configuration serves every series.
    public struct Settings: Sendable, Equatable {
        public var bins = 8
        public var maxOrder = 3
        public var spatialTolerance = 0.05
        public var spatialWarmup = 150
        public var restPeriod = 100
        public var restThreshold = 0.5
        public var likelihoodShort = 10
        public var likelihoodLong = 2_000
        public var likelihoodLearning = 200
        public var minimumDeviation = 0.03
        public var blend = 0.0
        public init() {}

        /// Settings with named overrides (`bins`, `maxOrder`, …), for benchmark sweeps.
        public init(overrides: [String: Double]) {
            self.init()
            for (key, v) in overrides {
                switch key {
                case "bins": bins = Int(v)
                case "maxOrder": maxOrder = Int(v)
                case "spatialTolerance": spatialTolerance = v
                case "spatialWarmup": spatialWarmup = Int(v)
                case "restPeriod": restPeriod = Int(v)
                case "restThreshold": restThreshold = v
                case "likelihoodShort": likelihoodShort = Int(v)
                case "likelihoodLong": likelihoodLong = Int(v)
                case "likelihoodLearning": likelihoodLearning = Int(v)
                case "minimumDeviation": minimumDeviation = v
                case "blend": blend = v
                default: break
                }
            }
        }
    }

    public let settings: Settings
    private var low = Double.infinity
    private var high = -Double.infinity
    private var seen = 0
    private var history: [Int] = []
    private var pairCounts: [Int: Int32] = [:]
    private var contextCounts: [Int: Int32] = [:]
    private var likelihood: AnomalyLikelihood
    private var sinceDetection = Int.max

    public init(settings: Settings = Settings()) {
        self.settings = settings
        likelihood = AnomalyLikelihood(
            shortWindow: settings.likelihoodShort, longWindow: settings.likelihoodLong,
            learningPeriod: settings.likelihoodLearning, minimumDeviation: settings.minimumDeviation)
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        seen += 1
        var spatial = false
        if seen > settings.spatialWarmup, high > low {
            let tolerance = settings.spatialTolerance * (high - low)
            spatial = value > high + tolerance || value < low - tolerance
        }
        low = min(low, value)
        high = max(high, value)
        let bin = high > low ? min(settings.bins - 1, Int((value - low) / (high - low) * Double(settings.bins))) : 0
        let raw = novelty(bin)
        var output = likelihood.update(raw)
        if settings.blend > 0 { output = (1 - settings.blend) * output + settings.blend * raw }
        if spatial { output = 1 }
        if sinceDetection < settings.restPeriod {
            sinceDetection += 1
            return 0
        }
        if output >= settings.restThreshold { sinceDetection = 0 }
        return output
    }

    /// Mean over context orders of how unexpected `bin` is after the recent bins; records the transition.
    private mutating func novelty(_ bin: Int) -> Double {
        var total = 0.0
        var orders = 0
        var context = 1
        for order in 1...settings.maxOrder {
            guard history.count >= order else { break }
            context = context &* (settings.bins + 1) &+ history[history.count - order] &+ 1
            let key = context &* 64 &+ order
            let pair = key &* (settings.bins + 1) &+ bin
            let contextTotal = contextCounts[key, default: 0]
            let pairTotal = pairCounts[pair, default: 0]
            total += 1 - Double(pairTotal) / Double(contextTotal + 1)
            orders += 1
            contextCounts[key] = contextTotal + 1
            pairCounts[pair] = pairTotal + 1
        }
        history.append(bin)
        if history.count > settings.maxOrder { history.removeFirst() }
        return orders == 0 ? 1 : total / Double(orders)
    }
}
