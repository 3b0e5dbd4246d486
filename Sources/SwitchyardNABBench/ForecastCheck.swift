import Foundation
import SwitchyardAIOps

/// The forecast check on NAB's traffic and AWS series: fit on all but the last day (288 five-minute steps),
/// forecast that day; Holt-Winters (ours: ``LoadForecast``, and plain additive Holt-Winters as it was before,
/// `holt_winters_before`), seasonal naive and, when bench/nab/autoets.py has written its
/// forecasts for the same split, statsforecast's AutoETS, all scored by the same MASE (scaled by the in-sample
/// seasonal-naive error) and sMAPE (%) code.
enum ForecastCheck {
    static let season = 288

    /// One series' split.
    struct Split {
        var file: String
        var history: [Double]
        var actual: [Double]
    }

    /// The series long enough (more than three days), each split into history and the held-out day.
    static func splits(_ corpus: NABCorpus) -> [Split] {
        corpus.files.compactMap { file in
            guard file.category == "realTraffic" || file.category == "realAWSCloudwatch" else { return nil }
            let values = file.series.cleaned().0.points.map(\.value)
            guard values.count > 3 * season else { return nil }
            return Split(
                file: file.key, history: Array(values.dropLast(season)),
                actual: Array(values.suffix(season)))
        }
    }

    /// Writes the splits for autoets.py: `{"season", "series": [{"file", "history", "actual"}]}`.
    static func writeSplits(_ splits: [Split], to path: String) throws {
        let json: [String: Any] = [
            "season": season,
            "series": splits.map { ["file": $0.file, "history": $0.history, "actual": $0.actual] as [String: Any] },
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    }

    /// AutoETS's forecasts from autoets.py's output, with what it says about itself.
    struct AutoETS {
        var forecasts: [String: [Double]]
        var model: String
        var version: String
        var seconds: Double
        var failures: [String: String]

        init(path: String) throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CocoaError(.fileReadCorruptFile)
            }
            forecasts = (json["forecasts"] as? [String: [Double]]) ?? [:]
            model = json["model"] as? String ?? "AutoETS"
            version = json["statsforecast"] as? String ?? "?"
            seconds = json["seconds"] as? Double ?? 0
            failures = (json["failures"] as? [String: String]) ?? [:]
        }
    }

    /// Mean MASE and sMAPE per method over the series every method forecast; the summary for the JSON line.
    static func run(_ splits: [Split], autoETS: AutoETS?) -> [String: Any] {
        var errors: [String: [(mase: Double, smape: Double)]] = [:]
        var used = 0
        for split in splits {
            var forecasts: [(String, [Double])] = [
                ("holt_winters", LoadForecast.forecast(split.history, season: season, horizon: season)),
                (
                    "holt_winters_before",
                    LoadForecast.forecast(split.history, season: season, horizon: season, options: .plain)
                ),
                (
                    "seasonal_naive",
                    ForecastAccuracy.seasonalNaive(history: split.history, season: season, horizon: season)
                ),
            ]
            if let autoETS {
                guard let f = autoETS.forecasts[split.file], f.count == season else { continue }
                forecasts.append(("autoets", f))
            }
            let rows = forecasts.map { name, f in
                (
                    name,
                    ForecastAccuracy.mase(actual: split.actual, forecast: f, history: split.history, season: season),
                    ForecastAccuracy.smape(actual: split.actual, forecast: f)
                )
            }
            guard rows.allSatisfy({ $0.1.isFinite && $0.2.isFinite }) else { continue }
            used += 1
            for (name, mase, smape) in rows { errors[name, default: []].append((mase, smape)) }
        }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
        func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        var summary: [String: Any] = ["series": used]
        for (name, rows) in errors {
            summary[name + "_mase"] = round3(mean(rows.map(\.mase)))
            summary[name + "_smape"] = round3(mean(rows.map(\.smape)))
        }
        if let autoETS {
            summary["autoets_model"] = autoETS.model
            summary["statsforecast"] = autoETS.version
            summary["autoets_seconds"] = autoETS.seconds
            if !autoETS.failures.isEmpty { summary["autoets_failures"] = autoETS.failures.count }
        } else {
            summary["autoets"] = "not run (bench/nab/run runs bench/nab/autoets.py; see its output)"
        }
        return summary
    }
}
