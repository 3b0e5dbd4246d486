import SwitchyardCore

/// Compares one build's figures with their history using robust statistics (median and MAD), and says for each
/// figure whether it regressed, improved or held.
///
/// A figure regresses when it is worse than the history's median by more than `minimumRelativeChange` and by
/// more than `zThreshold` robust standard deviations (1.4826·MAD, floored at `minimumRelativeSpread` of the
/// median so a perfectly flat history does not flag noise). Figures with fewer than `minimumHistory` past values
/// are reported but never fail the build.
public struct RegressionGate: Sendable {
    public var zThreshold: Double
    public var minimumRelativeChange: Double
    public var minimumRelativeSpread: Double
    public var minimumHistory: Int

    /// A gate.
    /// - Parameters:
    ///   - zThreshold: Robust z from which a worse figure is a regression.
    ///   - minimumRelativeChange: Smallest relative change that counts (0.05 = 5 %).
    ///   - minimumRelativeSpread: Floor of the spread relative to the median, so a flat history does not flag noise.
    ///   - minimumHistory: Past values a figure needs to be judged.
    public init(
        zThreshold: Double = 3.5, minimumRelativeChange: Double = 0.05, minimumRelativeSpread: Double = 0.01,
        minimumHistory: Int = 5
    ) {
        self.zThreshold = zThreshold
        self.minimumRelativeChange = minimumRelativeChange
        self.minimumRelativeSpread = minimumRelativeSpread
        self.minimumHistory = minimumHistory
    }

    /// One figure's verdict.
    public struct Finding: Sendable, Equatable {
        public struct Verdict: Sendable, Hashable, CustomStringConvertible {
            let raw: String
            public var description: String { raw }
            public static let regression = Verdict(raw: "regression")
            public static let improvement = Verdict(raw: "improvement")
            public static let unchanged = Verdict(raw: "unchanged")
            public static let insufficientHistory = Verdict(raw: "insufficient_history")
        }
        public var metric: String
        public var verdict: Verdict
        public var current: Double
        public var median: Double
        public var mad: Double
        public var robustZ: Double
        public var relativeChange: Double
        public var historyCount: Int
        public var direction: MetricDirection
        /// The explanation, for people.
        public var explanation: String
    }

    /// Judges every figure of `current` against `history` (one dictionary per past build).
    /// - Parameters:
    ///   - history: One dictionary of figures per past build.
    ///   - current: This build's figures.
    public func evaluate(history: [[String: Double]], current: [String: Double]) -> [Finding] {
        current.keys.sorted().map { name in
            let value = current[name]!
            let past = history.compactMap { $0[name] }.filter(\.isFinite)
            let direction = MetricDirection.guess(name)
            guard past.count >= minimumHistory else {
                return Finding(
                    metric: name, verdict: .insufficientHistory, current: value, median: past.median(), mad: 0,
                    robustZ: 0, relativeChange: 0, historyCount: past.count, direction: direction,
                    explanation:
                        "\(name) = \(format(value)): only \(past.count) past value(s), \(minimumHistory) needed to judge"
                )
            }
            let median = past.median()
            let mad = past.map { abs($0 - median) }.median()
            let spread = max(1.4826 * mad, minimumRelativeSpread * abs(median), 1e-12)
            let z = (value - median) / spread
            let relative = median != 0 ? (value - median) / abs(median) : (value == 0 ? 0 : .infinity)
            let worse = direction == .lowerIsBetter ? z : -z
            let worseRelative = direction == .lowerIsBetter ? relative : -relative
            let verdict: Finding.Verdict
            if worse > zThreshold && worseRelative > minimumRelativeChange {
                verdict = .regression
            } else if -worse > zThreshold && -worseRelative > minimumRelativeChange {
                verdict = .improvement
            } else {
                verdict = .unchanged
            }
            let sign = relative >= 0 ? "+" : ""
            let explanation =
                "\(name) = \(format(value)) vs median \(format(median)) over \(past.count) builds "
                + "(MAD \(format(mad))): \(sign)\(format(relative * 100))%, robust z \(format(z)); "
                + "\(direction == .lowerIsBetter ? "lower" : "higher") is better → \(verdict)"
            return Finding(
                metric: name, verdict: verdict, current: value, median: median, mad: mad, robustZ: z,
                relativeChange: relative, historyCount: past.count, direction: direction, explanation: explanation)
        }
    }

    private func format(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        let rounded = (v * 1000).rounded() / 1000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}
