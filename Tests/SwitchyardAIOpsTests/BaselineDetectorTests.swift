import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// Every detector, scored with NAB's rules on small synthetic files with one planted anomaly each: it must beat
/// the null detector, find the window, and (the baselines) keep its scores below 1 so the threshold sweep can
/// cut between them. The seasonal and change-point baselines once scored 0 on NAB: their large deviations all
/// came out as exactly 1 (a probability rounded up, a flag worth 1, a spread of 0 on a stretch of equal values),
/// so the sweep could only take every tied row, thousands of false positives among them, or none.
@Suite struct BaselineDetectorTests {
    static let start = 1_700_000_000.0
    static let day = 288  // five-minute rows

    /// An idle server: a CPU at exactly 0.066 with a quantised blip to 0.132 every seventh row (the median
    /// absolute deviation is 0), then a burst to 45 for ten rows at row 2,400.
    static let idle: NABFile = {
        let values = (0..<3_000).map { i -> Double in
            if i >= 2_400, i < 2_410 { return 45 }
            return i % 7 == 0 ? 0.132 : 0.066
        }
        return file("synthetic/idle.csv", values, window: 2_300...2_500)
    }()

    /// Ten days of a daily wave (50 ± 20) with noise, and one spike of +300 on day 8.
    static let daily: NABFile = {
        var random = SplitMix64(seed: 5)
        let values = (0..<(10 * day)).map { i -> Double in
            let phase = Double(i % day) / Double(day) * 2 * Double.pi
            return 50 + 20 * sin(phase) + Double.random(in: -2...2, using: &random) + (i == 8 * day + 100 ? 300 : 0)
        }
        return file("synthetic/daily.csv", values, window: (8 * day)...(8 * day + 200))
    }()

    static func file(_ key: String, _ values: [Double], window: ClosedRange<Int>) -> NABFile {
        let points = values.enumerated().map { TimeSeries.Point(timestamp: start + Double($0) * 300, value: $1) }
        return NABFile(key: key, series: TimeSeries(name: "value", points: points), windows: [window])
    }

    @Test(arguments: DetectorKind.all)
    func findsThePlantedAnomalyAndBeatsTheNullDetector(kind: DetectorKind) {
        for file in [Self.idle, Self.daily] {
            var detector = kind.make()
            let scores = detector.scores(file.series)
            #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(kind) \(file.key): a score outside [0, 1]")
            if kind != .contextual {
                // The contextual detector's binary channels output 1 by design (a rest period follows each);
                // a baseline's 1 would tie every large deviation.
                #expect(scores.allSatisfy { $0 < 1 }, "\(kind) \(file.key): a score of exactly 1")
            }
            let outcome = NABScorer.score(corpus: NABCorpus(files: [file]), scores: [scores], profile: .standard)
            #expect(outcome.truePositives == 1, "\(kind) \(file.key): the window is missed")
            #expect(outcome.normalized > 50, "\(kind) \(file.key): NAB standard \(outcome.normalized)")
            // At its default threshold the detector flags a row inside the window.
            let window = file.windows[0]
            #expect(
                window.contains { scores[$0] >= kind.defaultThreshold },
                "\(kind) \(file.key): nothing in the window reaches \(kind.defaultThreshold)")
        }
    }

    @Test func largeDeviationsStayDistinct() {
        #expect(DeviationScore.of(3) == 0.5)
        #expect(DeviationScore.of(-3) == 0.5)
        #expect(DeviationScore.of(1e6) < DeviationScore.of(1e7))
        #expect(DeviationScore.of(1e7) < 1)
        #expect(DeviationScore.of(.nan) == 0)
    }
}
