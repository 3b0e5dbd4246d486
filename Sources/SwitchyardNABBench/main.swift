import Foundation
import SwitchyardAIOps

// The NAB benchmark: every detector on the whole corpus with one configuration, the three profiles, records/s,
// results in NAB's layout, and one JSON line at the end. See docs/aiops.md.
//
// Usage: SwitchyardNABBench [--root DIR] [--out DIR] [--detector NAME]... [--set key=value]...
//        [--diagnose | --diagnose-threshold X] (per file: false positives and each window's first detection)
//        [--autoets FORECASTS.json] | --forecast-split SPLIT.json (writes the forecast split for autoets.py, exits)

var root = "../shared/datasets/nab"
var out: String? = nil
var detectors: [DetectorKind] = []
var overrides: [String: Double] = [:]
var diagnose = false
var diagnoseThreshold: Double? = nil
var splitOut: String? = nil
var autoETSPath: String? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--root": root = arguments.next() ?? root
    case "--out": out = arguments.next()
    case "--diagnose": diagnose = true
    case "--diagnose-threshold":
        diagnose = true
        diagnoseThreshold = Double(arguments.next() ?? "")
    case "--forecast-split": splitOut = arguments.next()
    case "--autoets": autoETSPath = arguments.next()
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
if let splitOut {
    let splits = ForecastCheck.splits(corpus)
    try ForecastCheck.writeSplits(splits, to: splitOut)
    print("forecast split: \(splits.count) traffic/AWS series written to \(splitOut)")
    exit(0)
}
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
    print(NABDiagnosis.spread(corpus: corpus, scores: all))
    if diagnose {
        let threshold =
            diagnoseThreshold ?? NABScorer.score(corpus: corpus, scores: all, profile: .standard).threshold
        print(NABDiagnosis.report(corpus: corpus, scores: all, threshold: threshold))
    }
    if let out {
        try NABResultsWriter.write(corpus: corpus, scores: all, detector: kind.name, to: out)
    }
    summary[kind.name] = entry
}

// Forecast error on NAB's traffic and AWS series: ours, seasonal naive and (from autoets.py) AutoETS.
var autoETS: ForecastCheck.AutoETS? = nil
if let autoETSPath {
    do {
        autoETS = try ForecastCheck.AutoETS(path: autoETSPath)
    } catch {
        print("forecast: cannot read AutoETS's forecasts at \(autoETSPath) (\(error)); comparing without it")
    }
}
let forecast = ForecastCheck.run(ForecastCheck.splits(corpus), autoETS: autoETS)
var forecastLine = "forecast (\(forecast["series"]!) traffic/AWS series, last day held out):"
for name in ["holt_winters", "holt_winters_before", "seasonal_naive", "autoets"] where forecast[name + "_mase"] != nil {
    forecastLine += " \(name) MASE \(forecast[name + "_mase"]!) sMAPE \(forecast[name + "_smape"]!) |"
}
print(String(forecastLine.dropLast(2)) + (autoETS.map { " (\($0.model), statsforecast \($0.version))" } ?? ""))

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
