import Foundation
import SwitchyardAIOps

// The NAB benchmark: every detector on the whole corpus with one configuration, the three profiles, records/s,
// results in NAB's layout, and one JSON line at the end. See docs/aiops.md.
//
// Usage: SwitchyardNABBench [--root DIR] [--out DIR] [--detector NAME]... [--set key=value]...

var root = "../shared/datasets/nab"
var out: String? = nil
var detectors: [DetectorKind] = []
var overrides: [String: Double] = [:]
var diagnose = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--root": root = arguments.next() ?? root
    case "--out": out = arguments.next()
    case "--diagnose": diagnose = true
    case "--detector": detectors.append(try DetectorKind.named(arguments.next() ?? ""))
    case "--set":
        let pair = (arguments.next() ?? "").split(separator: "=")
        if pair.count == 2, let v = Double(pair[1]) { overrides[String(pair[0])] = v }
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}
if detectors.isEmpty { detectors = DetectorKind.all }

let corpus = try NABCorpus.load(root: root)
print("NAB corpus: \(corpus.files.count) files, \(corpus.rowCount) rows, \(corpus.windowCount) windows")

let published: [(String, [Double])] = [
    ("ARTime", [74.9, 65.1, 80.4]), ("Numenta HTM", [70.5, 62.6, 75.2]), ("CAD OSE", [69.9, 67.0, 73.2]),
    ("earthgecko Skyline", [58.2, 46.2, 63.9]), ("KNN CAD", [58.0, 43.4, 64.8]),
    ("Random Cut Forest", [51.7, 38.4, 59.7]), ("Windowed Gaussian", [39.6, 20.9, 47.4]),
]

var summary: [String: Any] = [:]
for kind in detectors {
    let start = Date()
    var all: [[Double]] = []
    for file in corpus.files {
        var detector = kind.make(overrides: overrides)
        all.append(detector.scores(file.series))
    }
    let seconds = Date().timeIntervalSince(start)
    let rate = Double(corpus.rowCount) / seconds
    var entry: [String: Any] = ["records_per_s": rate.rounded()]
    var line = "\(kind.name):"
    for profile in NABProfile.all {
        let outcome = NABScorer.score(corpus: corpus, scores: all, profile: profile)
        entry[profile.name] = (outcome.normalized * 100).rounded() / 100
        entry[profile.name + "_threshold"] = outcome.threshold
        line += String(
            format: " %@ %.2f (thr %.4f, TP %d FP %d FN %d)", profile.name, outcome.normalized, outcome.threshold,
            outcome.truePositives, outcome.falsePositives, outcome.falseNegatives)
    }
    print(line + String(format: " | %.0f records/s", rate))
    if diagnose {
        let threshold = NABScorer.score(corpus: corpus, scores: all, profile: .standard).threshold
        print(NABDiagnosis.report(corpus: corpus, scores: all, threshold: threshold))
    }
    if let out {
        try NABResultsWriter.write(corpus: corpus, scores: all, detector: kind.name, to: out)
    }
    summary[kind.name] = entry
}

// Forecast error on NAB's traffic and AWS series: fit on all but the last day (288 five-minute steps), forecast
// that day, Holt-Winters against seasonal naive (MASE scaled by the in-sample seasonal-naive error, sMAPE in %).
var forecastRows: [(mase: Double, smape: Double, naiveMase: Double, naiveSmape: Double)] = []
for file in corpus.files where file.category == "realTraffic" || file.category == "realAWSCloudwatch" {
    let values = file.series.cleaned().0.points.map(\.value)
    let season = 288
    guard values.count > 3 * season else { continue }
    let history = Array(values.dropLast(season))
    let actual = Array(values.suffix(season))
    let ours = HoltWinters.fit(history, season: season).forecast(season)
    let naive = ForecastAccuracy.seasonalNaive(history: history, season: season, horizon: season)
    let row = (
        ForecastAccuracy.mase(actual: actual, forecast: ours, history: history, season: season),
        ForecastAccuracy.smape(actual: actual, forecast: ours),
        ForecastAccuracy.mase(actual: actual, forecast: naive, history: history, season: season),
        ForecastAccuracy.smape(actual: actual, forecast: naive)
    )
    if row.0.isFinite, row.2.isFinite { forecastRows.append(row) }
}
func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
let forecast: [String: Any] = [
    "series": forecastRows.count,
    "holt_winters_mase": round3(mean(forecastRows.map(\.mase))),
    "holt_winters_smape": round3(mean(forecastRows.map(\.smape))),
    "seasonal_naive_mase": round3(mean(forecastRows.map(\.naiveMase))),
    "seasonal_naive_smape": round3(mean(forecastRows.map(\.naiveSmape))),
]
print(
    "forecast (\(forecastRows.count) traffic/AWS series, last day held out): Holt-Winters MASE "
        + "\(forecast["holt_winters_mase"]!) sMAPE \(forecast["holt_winters_smape"]!) | seasonal naive MASE "
        + "\(forecast["seasonal_naive_mase"]!) sMAPE \(forecast["seasonal_naive_smape"]!)")

let main = (summary[DetectorKind.contextual.name] as? [String: Any])?["standard"] as? Double
var json: [String: Any] = ["bench": "nab", "detectors": summary, "forecast": forecast]
json["published_standard"] = Dictionary(uniqueKeysWithValues: published.map { ($0.0, $0.1[0]) })
if let main { json["ratio"] = (main / 70.5 * 1000).rounded() / 1000 }
if let entry = summary[DetectorKind.contextual.name] as? [String: Any] {
    for key in ["standard", "reward_low_FP_rate", "reward_low_FN_rate", "records_per_s"] { json[key] = entry[key] }
}
if !overrides.isEmpty { json["overrides"] = overrides }
let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
