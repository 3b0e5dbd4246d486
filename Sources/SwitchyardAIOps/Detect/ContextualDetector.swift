/// The strong detector: five novelty channels over one stream, merged by their maximum, with a rest period
/// after each detection. One configuration (``Settings``'s defaults, tuned on the whole NAB corpus, never per
/// file) serves every series.
///
/// In the spirit of the contextual and HTM detectors that top NAB (a value is anomalous when it was not
/// expected in the context of what came before), but its own model:
/// - sequence novelty: each value falls in one of `bins` equal bins of the running range; for context orders
///   1…`maxOrder` the detector counts how often each bin followed each context of previous bins. The raw score is
///   the mean over orders of 1 − count/(total+1), and the channel outputs its anomaly likelihood
///   (``AnomalyLikelihood``, after Ahmad et al. 2017);
/// - global spatial novelty: a value beyond the range seen so far by more than `spatialTolerance` of it → 1;
/// - local spatial novelty: a value outside the range of the last `localWindow` values → its likelihood;
/// - jump novelty: a step |xₜ − xₜ₋₁| over `jumpFactor` × the largest step of the last `jumpWindow` that also
///   leaves the local range → 1;
/// - seasonal-shape novelty (``SeasonalResidual``): for series that repeat daily or weekly, the distance from
///   the median of the same phase over the last `seasonalCycles` cycles → its likelihood. It sees a change of
///   shape with no new extreme (a missing daily peak, a flat day, a holiday).
/// An optional flatline channel (``FlatlineWatch``, `flatFactor` > 0) flags a variance collapse; it is off by
/// default (no gain on NAB once the seasonal channel is on).
/// The rest period after an alarm (`restPeriod` rows at 0) ends early for a deviation much stronger than the one
/// it suppresses (`restBreak`) or of another kind (a new extreme of the series after an alarm that was not one,
/// `restBreakOnNewExtreme`), so a real fault right after a false alarm is still reported.
/// Memory per series is bounded: `bins^(maxOrder+1)` counters, a few ring buffers and at most `seasonalMemory`
/// values for the seasonal channel.
public struct ContextualDetector: StreamingDetector {
    /// The tunable settings. The defaults are the one configuration chosen by a coordinate-descent sweep of
    /// every setting on the whole NAB corpus (standard profile), never per file; see docs/aiops.md.
    public struct Settings: Sendable, Equatable {
        public var bins = 7
        public var maxOrder = 5
        public var spatialTolerance = 0.007
        public var spatialWarmup = 150
        public var restPeriod = 35
        public var restThreshold = 0.5
        /// Ends a rest period early: a value beyond the range of the last `localWindow` values (which holds the
        /// alarm that started the rest) by more than this many times that range's width is scored at once.
        /// 0 turns it off.
        public var restBreak = 8.0
        /// Ends a rest period early when the value is a new extreme of the whole series (the spatial channel) and
        /// the alarm that started the rest was not one: a deviation of another kind than the one suppressed.
        public var restBreakOnNewExtreme = true
        public var likelihoodShort = 10
        public var likelihoodLong = 1_500
        public var likelihoodLearning = 200
        public var minimumDeviation = 0.05
        public var localWindow = 175
        public var localTolerance = 0.0275
        public var jumpWindow = 500
        public var jumpFactor = 2.2
        public var seasonalCycles = 3
        /// 0 turns the seasonal channel off.
        public var seasonalGate = 0.5
        public var seasonalScale = 16.0
        public var seasonalMemory = 12_096
        public var seasonalShort = 10
        public var seasonalMinimumDeviation = 0.05
        public var flatWindow = 36
        /// 0 turns the flatline channel off.
        public var flatFactor = 0.0
        public var flatWarmup = 300
        /// The jump channel fires only when the value also leaves the local window's range.
        public var jumpNeedsLocalRange = true
        public init() {}

        /// Settings with named overrides (`bins`, `maxOrder`, …), for benchmark sweeps; unknown names are ignored.
        /// - Parameter overrides: Setting names and values.
        public init(overrides: [String: Double]) {
            self.init()
            for (key, v) in overrides {
                switch key {
                case "bins": bins = max(2, Int(v))
                case "maxOrder": maxOrder = min(6, max(1, Int(v)))
                case "spatialTolerance": spatialTolerance = v
                case "spatialWarmup": spatialWarmup = Int(v)
                case "restPeriod": restPeriod = Int(v)
                case "restThreshold": restThreshold = v
                case "restBreak": restBreak = v
                case "restBreakOnNewExtreme": restBreakOnNewExtreme = v != 0
                case "likelihoodShort": likelihoodShort = max(1, Int(v))
                case "likelihoodLong": likelihoodLong = max(2, Int(v))
                case "likelihoodLearning": likelihoodLearning = Int(v)
                case "minimumDeviation": minimumDeviation = v
                case "localWindow": localWindow = max(2, Int(v))
                case "localTolerance": localTolerance = v
                case "jumpWindow": jumpWindow = max(2, Int(v))
                case "jumpFactor": jumpFactor = v
                case "seasonalCycles": seasonalCycles = max(1, Int(v))
                case "seasonalGate": seasonalGate = v
                case "seasonalScale": seasonalScale = v
                case "seasonalMemory": seasonalMemory = Int(v)
                case "seasonalShort": seasonalShort = max(1, Int(v))
                case "seasonalMinimumDeviation": seasonalMinimumDeviation = v
                case "flatWindow": flatWindow = max(2, Int(v))
                case "flatFactor": flatFactor = v
                case "flatWarmup": flatWarmup = Int(v)
                case "jumpNeedsLocalRange": jumpNeedsLocalRange = v != 0
                default: break
                }
            }
        }
    }

    public let settings: Settings
    private var low = Double.infinity
    private var high = -Double.infinity
    private var seen = 0
    private var sinceDetection = Int.max
    /// Whether the alarm that started the current rest period was a new extreme of the series.
    private var restFromExtreme = false
    private var history: [Int] = []
    private var pairCounts: [Int: Int32] = [:]
    private var contextCounts: [Int: Int32] = [:]
    private var sequenceLikelihood: AnomalyLikelihood
    private var local: RingBuffer
    private var localLikelihood: AnomalyLikelihood
    private var jumps: RingBuffer
    private var previous: Double?
    private var seasonal: SeasonalResidual
    private var flatline: FlatlineWatch

    /// A detector with `settings`.
    /// - Parameter settings: Its tuning.
    public init(settings: Settings = Settings()) {
        self.settings = settings
        sequenceLikelihood = AnomalyLikelihood(
            shortWindow: settings.likelihoodShort, longWindow: settings.likelihoodLong,
            learningPeriod: settings.likelihoodLearning, minimumDeviation: settings.minimumDeviation)
        localLikelihood = sequenceLikelihood
        local = RingBuffer(capacity: settings.localWindow)
        jumps = RingBuffer(capacity: settings.jumpWindow)
        seasonal = SeasonalResidual(
            cycles: settings.seasonalCycles, gate: settings.seasonalGate, scale: settings.seasonalScale,
            memory: settings.seasonalMemory,
            likelihood: AnomalyLikelihood(
                shortWindow: settings.seasonalShort, longWindow: settings.likelihoodLong,
                learningPeriod: settings.likelihoodLearning, minimumDeviation: settings.seasonalMinimumDeviation))
        flatline = FlatlineWatch(
            window: settings.flatWindow, factor: settings.flatFactor, warmup: settings.flatWarmup)
    }

    public mutating func score(_ value: Double, timestamp: Double) -> Double {
        seen += 1
        let warm = seen > settings.spatialWarmup
        var spatial = false
        if warm, high > low {
            let tolerance = settings.spatialTolerance * (high - low)
            spatial = value > high + tolerance || value < low - tolerance
        }
        low = min(low, value)
        high = max(high, value)
        let bin = high > low ? min(settings.bins - 1, Int((value - low) / (high - low) * Double(settings.bins))) : 0
        var output = sequenceLikelihood.update(novelty(bin))
        let excursion = localExcursion(value)
        let outsideLocal = excursion.beyond > settings.localTolerance * (high - low)
        output = max(output, localLikelihood.update(outsideLocal ? 1 : 0))
        if let previous {
            let jump = abs(value - previous)
            var reference = 0.0
            for v in jumps.storage.prefix(jumps.count) { reference = max(reference, v) }
            if warm, jumps.count == jumps.capacity, reference > 0, jump > settings.jumpFactor * reference,
                !settings.jumpNeedsLocalRange || outsideLocal
            {
                output = 1
            }
            jumps.append(jump)
        }
        previous = value
        if settings.seasonalGate > 0 { output = max(output, seasonal.update(value, timestamp: timestamp)) }
        if settings.flatFactor > 0, flatline.update(value) { output = 1 }
        if spatial { output = 1 }
        if sinceDetection < settings.restPeriod {
            let stronger =
                settings.restBreak > 0 && excursion.width > 0
                && excursion.beyond > settings.restBreak * max(excursion.width, settings.localTolerance * (high - low))
            let otherKind = settings.restBreakOnNewExtreme && spatial && !restFromExtreme
            guard stronger || otherKind, output >= settings.restThreshold else {
                sinceDetection += 1
                return 0
            }
        }
        if output >= settings.restThreshold {
            sinceDetection = 0
            restFromExtreme = spatial
        }
        return output
    }

    /// How far `value` lies outside the range of the last `localWindow` values (0 inside it, and while the
    /// window fills), with that range's width; records the value.
    private mutating func localExcursion(_ value: Double) -> (beyond: Double, width: Double) {
        defer { local.append(value) }
        guard local.count == local.capacity else { return (0, 0) }
        var lo = Double.infinity
        var hi = -Double.infinity
        for v in local.storage {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return (max(0, value - hi, lo - value), hi - lo)
    }

    /// Mean over context orders of how unexpected `bin` is after the recent bins; records the transition.
    private mutating func novelty(_ bin: Int) -> Double {
        var total = 0.0
        var orders = 0
        var context = 1
        for order in 1...settings.maxOrder {
            guard history.count >= order else { break }
            context = context &* (settings.bins + 1) &+ history[history.count - order] &+ 1
            let key = context &* 8 &+ order
            let pair = key &* (settings.bins + 1) &+ bin
            var contextTotal = contextCounts[key, default: 0]
            var pairTotal = pairCounts[pair, default: 0]
            total += 1 - Double(pairTotal) / Double(contextTotal + 1)
            orders += 1
            if contextTotal == Int32.max - 1 {  // keep proportions, stay in range on endless streams
                contextTotal /= 2
                pairTotal /= 2
            }
            contextCounts[key] = contextTotal + 1
            pairCounts[pair] = pairTotal + 1
        }
        history.append(bin)
        if history.count > settings.maxOrder { history.removeFirst() }
        return orders == 0 ? 1 : total / Double(orders)
    }
}
