#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A load forecast: ``HoltWinters`` fitted on a log scale when the series is never negative, kept within what
/// the history makes plausible, with idle phases kept at the floor. What ``ScalingPlan`` and the NAB forecast
/// check use.
///
/// Each part answers a failure of plain additive Holt-Winters on NAB's traffic and AWS series (docs/aiops.md):
/// - log scale: load is skewed (a network series of median 235 KB peaks at 245 MB); in values, a burst drags the
///   level and the season for days, and an additive season on a series near 0 forecasts negative load. The fit
///   runs on log(x + c), c the smallest positive value, so the season is multiplicative and the forecast stays
///   above −c;
/// - bounds: never below the history's minimum; never above its maximum unless the fitted model has a trend
///   (a growing load must be allowed to exceed what was seen; a level one has no reason to);
/// - idle floor: a step whose phase sat at the history's minimum in at least two of the last three seasons is
///   forecast at that minimum (a disk idle at 0 most of the day is forecast idle, not at a small positive mean).
public enum LoadForecast {
    /// Which parts of the forecast are on.
    public struct Options: Sendable, Equatable {
        public var logScale = true
        public var bounds = true
        public var idleFloor = true
        /// Whole seasons averaged for the initial seasonal indices (``HoltWinters/fit(_:season:initialSeasons:)``).
        public var initialSeasons = 3

        /// Every part on.
        public init() {}

        /// Plain additive Holt-Winters initialised from the first season: the forecast before these parts, kept
        /// for the bench's before-and-after figures.
        public static var plain: Options {
            var options = Options()
            options.logScale = false
            options.bounds = false
            options.idleFloor = false
            options.initialSeasons = 1
            return options
        }
    }

    /// The next `horizon` values after `history`.
    /// - Precondition: `history` is not empty and holds finite numbers.
    /// - Parameters:
    ///   - history: The series' values, in time order.
    ///   - season: Steps per season; without two whole seasons there is no seasonal part.
    ///   - horizon: Steps to forecast.
    ///   - options: Which parts are on (all by default).
    public static func forecast(
        _ history: [Double], season: Int, horizon: Int, options: Options = Options()
    ) -> [Double] {
        guard let low = history.min(), let high = history.max(), horizon > 0 else { return [] }
        let offset = history.filter { $0 > 0 }.min() ?? 1
        let logScale = options.logScale && low >= 0
        let fitted = logScale ? history.map { log($0 + offset) } : history
        let model = HoltWinters.fit(fitted, season: season, initialSeasons: options.initialSeasons)
        var forecast = model.forecast(horizon)
        if logScale { forecast = forecast.map { exp($0) - offset } }
        if options.bounds {
            let ceiling = model.beta > 0 ? Double.infinity : high
            forecast = forecast.map { min(ceiling, max(low, $0)) }
        }
        let m = model.season
        if options.idleFloor, m > 1, history.count >= 3 * m {
            for k in forecast.indices {
                let idle = (1...3).filter { history[history.count - $0 * m + k % m] == low }.count
                if idle >= 2 { forecast[k] = low }
            }
        }
        return forecast
    }
}
