/// Forecast error measures (Hyndman & Koehler 2006; Makridakis' symmetric MAPE as in the M4 competition).
public enum ForecastAccuracy {
    /// Mean absolute scaled error: the forecast's mean absolute error over the in-sample mean absolute error of
    /// the seasonal-naive forecast with period `season`. Below 1 beats seasonal naive in sample; NaN when the
    /// history is shorter than `season` + 1 or perfectly periodic.
    /// - Parameters:
    ///   - actual: The held-out values.
    ///   - forecast: The forecast, as long as `actual`.
    ///   - history: The values before them (the in-sample scale).
    ///   - season: The seasonal period in steps.
    public static func mase(actual: [Double], forecast: [Double], history: [Double], season: Int) -> Double {
        let m = max(1, season)
        guard history.count > m, !actual.isEmpty, actual.count == forecast.count else { return .nan }
        var scale = 0.0
        for i in m..<history.count { scale += abs(history[i] - history[i - m]) }
        scale /= Double(history.count - m)
        guard scale > 0 else { return .nan }
        let mae = zip(actual, forecast).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(actual.count)
        return mae / scale
    }

    /// Symmetric mean absolute percentage error in percent (0…200); pairs where both values are 0 count as 0.
    /// - Parameters:
    ///   - actual: The held-out values.
    ///   - forecast: The forecast, as long as `actual`.
    public static func smape(actual: [Double], forecast: [Double]) -> Double {
        guard !actual.isEmpty, actual.count == forecast.count else { return .nan }
        var total = 0.0
        for (a, f) in zip(actual, forecast) {
            let denominator = abs(a) + abs(f)
            if denominator > 0 { total += 2 * abs(f - a) / denominator }
        }
        return 100 * total / Double(actual.count)
    }

    /// The seasonal-naive forecast: the last season repeated.
    /// - Parameters:
    ///   - history: The values so far.
    ///   - season: The seasonal period in steps.
    ///   - horizon: How many steps to forecast.
    public static func seasonalNaive(history: [Double], season: Int, horizon: Int) -> [Double] {
        guard !history.isEmpty else { return [] }
        let m = min(max(1, season), history.count)
        let last = Array(history.suffix(m))
        return (0..<horizon).map { last[$0 % m] }
    }
}
