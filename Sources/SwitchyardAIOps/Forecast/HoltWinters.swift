/// Additive Holt-Winters (level, trend, one season) for load series: fitted by a small grid search over the
/// smoothing weights that minimises the one-step-ahead squared error, then forecast `h` steps ahead.
///
/// A series shorter than two seasons falls back to Holt's linear trend (no season).
public struct HoltWinters: Sendable, Equatable {
    /// Steps per season (288 for a day of 5-minute samples).
    public var season: Int
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
    private(set) var level = 0.0
    private(set) var trend = 0.0
    private(set) var seasonal: [Double] = []
    /// Where the next step falls in the season.
    private(set) var phase = 0
    /// The one-step-ahead sum of squared errors over the fit.
    public private(set) var sse = 0.0

    /// Fits the model to `values` with the best weights from a coarse grid (β = 0 among them: no trend).
    ///
    /// - Precondition: `values` is not empty and holds finite numbers.
    /// - Parameters:
    ///   - values: The series' values, in time order.
    ///   - season: Steps per season; without two whole seasons there is no seasonal part.
    ///   - initialSeasons: How many whole seasons (at most) the initial seasonal indices average; one season
    ///     alone makes every index a single noisy observation, which a small γ then keeps for weeks.
    public static func fit(_ values: [Double], season: Int, initialSeasons: Int = 3) -> HoltWinters {
        let m = values.count >= 2 * season && season >= 2 ? season : 1
        var best: HoltWinters?
        for alpha in [0.05, 0.1, 0.2, 0.4, 0.7] {
            for beta in [0.0, 0.01, 0.05] {
                for gamma in m > 1 ? [0.05, 0.1, 0.3] : [0.0] {
                    var model = HoltWinters(season: m, alpha: alpha, beta: beta, gamma: gamma)
                    model.train(values, initialSeasons: initialSeasons)
                    if best == nil || model.sse < best!.sse { best = model }
                }
            }
        }
        return best!
    }

    /// An untrained model with the given weights.
    /// - Parameters:
    ///   - season: Steps per season (at least 1).
    ///   - alpha: The level's smoothing weight.
    ///   - beta: The trend's smoothing weight.
    ///   - gamma: The season's smoothing weight.
    public init(season: Int, alpha: Double, beta: Double, gamma: Double) {
        self.season = max(1, season)
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
    }

    /// Runs the smoothing over `values`, initialising the level from the first season, the seasonal indices from
    /// the first `initialSeasons` whole seasons (each season's values less its mean, averaged) and the trend
    /// from the first two seasons, unless `beta` is 0: then the model has no trend.
    mutating func train(_ values: [Double], initialSeasons: Int = 3) {
        let m = season
        let first = values.prefix(m)
        level = first.reduce(0, +) / Double(first.count)
        trend = 0
        if m > 1, beta > 0, values.count >= 2 * m {
            let second = values[m..<(2 * m)].reduce(0, +) / Double(m)
            trend = (second - level) / Double(m)
        }
        seasonal = [0]
        if m > 1 {
            let k = max(1, min(initialSeasons, values.count / m))
            seasonal = [Double](repeating: 0, count: m)
            for c in 0..<k {
                let block = values[(c * m)..<((c + 1) * m)]
                let mean = block.reduce(0, +) / Double(m)
                for (i, v) in block.enumerated() { seasonal[i] += (v - mean) / Double(k) }
            }
        }
        phase = 0
        sse = 0
        for y in values.dropFirst(m) { step(y) }
    }

    /// Folds in the next observation.
    /// - Parameter y: The next observed value.
    public mutating func step(_ y: Double) {
        let s = seasonal[phase]
        let predicted = level + trend + s
        sse += (y - predicted) * (y - predicted)
        let previousLevel = level
        level = alpha * (y - s) + (1 - alpha) * (level + trend)
        trend = beta * (level - previousLevel) + (1 - beta) * trend
        seasonal[phase] = gamma * (y - level) + (1 - gamma) * s
        phase = (phase + 1) % seasonal.count
    }

    /// The next `h` values.
    /// - Parameter h: Steps ahead.
    public func forecast(_ h: Int) -> [Double] {
        (0..<max(0, h)).map { k in level + Double(k + 1) * trend + seasonal[(phase + k) % seasonal.count] }
    }
}
