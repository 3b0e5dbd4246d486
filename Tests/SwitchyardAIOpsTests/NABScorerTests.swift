import Foundation
import Testing

@testable import SwitchyardAIOps

/// NAB's scoring against figures worked out by hand from NAB's rules, and on three real NAB files
/// (`Fixtures/nab-subset`) the two anchors NAB publishes: the null detector scores 0 and a
/// detector firing at every window's first row (the perfect detector) scores 100.
@Suite struct NABScorerTests {
    /// 100 one-minute rows (the first 15 probationary), windows on rows 40…49 and 70…79.
    static let file: NABFile = {
        let points = (0..<100).map { TimeSeries.Point(timestamp: Double($0) * 60, value: Double($0 % 7)) }
        return NABFile(
            key: "synthetic/one.csv", series: TimeSeries(name: "value", points: points), windows: [40...49, 70...79])
    }()
    static let corpus = NABCorpus(files: [file])

    static func scores(firingAt rows: [Int], count: Int = 100) -> [Double] {
        var scores = [Double](repeating: 0, count: count)
        for row in rows { scores[row] = 1 }
        return scores
    }

    static func sigmoid(_ y: Double) -> Double { 2 / (1 + exp(5 * y)) - 1 }

    @Test func scaledSigmoidAndProbationFollowNAB() {
        #expect(NABScorer.scaledSigmoid(0) == 0)
        #expect(abs(NABScorer.scaledSigmoid(-1) - 0.98661429815) < 1e-9)
        #expect(NABScorer.scaledSigmoid(3) == -1 && NABScorer.scaledSigmoid(7) == -1)
        #expect(NABFile.probationaryLength(rows: 100) == 15)
        #expect(NABFile.probationaryLength(rows: 22_695) == 750)
    }

    @Test func nullScoresZeroAndWindowStartsScoreOneHundred() {
        for profile in NABProfile.all {
            let null = NABScorer.score(corpus: Self.corpus, scores: [Self.scores(firingAt: [])], profile: profile)
            #expect(null.normalized == 0 && null.falseNegatives == 2, "\(profile.name)")
            let perfect = NABScorer.score(
                corpus: Self.corpus, scores: [Self.scores(firingAt: [40, 70])], profile: profile)
            #expect(abs(perfect.normalized - 100) < 1e-9 && perfect.truePositives == 2, "\(profile.name)")
        }
    }

    @Test func aLateDetectionAndAFalsePositiveScoreWhatTheFormulaSays() {
        // Row 45 of the 10-row window 40…49: y = −(49 − 45 + 1)/10, weighted by σ(−1); window 2 missed.
        let late = NABScorer.score(corpus: Self.corpus, scores: [Self.scores(firingAt: [45])], profile: .standard)
        let tp = Self.sigmoid(-0.5) / Self.sigmoid(-1)
        #expect(abs(late.raw - (tp - 1)) < 1e-12)
        #expect(abs(late.normalized - 100 * (tp - 1 + 2) / 4) < 1e-9)
        #expect(late.truePositives == 1 && late.falseNegatives == 1 && late.falsePositives == 0)

        // Both windows at their start, plus a false positive 6 rows after window 1 (y = 6/9) and one before
        // any window (σ = −1), each costing A_FP = 0.11 (standard) or 0.22 (reward_low_FP_rate) times σ.
        let noisy = [Self.scores(firingAt: [20, 40, 55, 70])]
        for (profile, weight) in [(NABProfile.standard, 0.11), (.rewardLowFP, 0.22)] {
            let outcome = NABScorer.score(corpus: Self.corpus, scores: noisy, profile: profile)
            let raw = 2 + weight * (Self.sigmoid(6.0 / 9) + -1)
            #expect(abs(outcome.raw - raw) < 1e-12, "\(profile.name)")
            #expect(abs(outcome.normalized - 100 * (raw + 2) / 4) < 1e-9, "\(profile.name)")
            #expect(outcome.falsePositives == 2 && outcome.threshold == 1)
        }

        // A detection inside the probationary period counts for nothing; reward_low_FN_rate doubles a miss.
        let early = NABScorer.score(
            corpus: Self.corpus, scores: [Self.scores(firingAt: [5, 40])], profile: .rewardLowFN)
        #expect(abs(early.raw - (1 - 2)) < 1e-12)
        #expect(abs(early.normalized - 100 * (-1 + 4) / (2 + 4)) < 1e-9)
    }

    @Test func theThresholdIsSweptOverTheCorpus() {
        // Graded scores: 0.9 at both window starts, 0.95 on a false positive before any window. No threshold keeps
        // the windows without the false positive, and both windows less 0.11 (threshold 0.9) beat both missed.
        var scores = [Double](repeating: 0, count: 100)
        scores[40] = 0.9
        scores[70] = 0.9
        scores[20] = 0.95
        let outcome = NABScorer.score(corpus: Self.corpus, scores: [scores], profile: .standard)
        #expect(outcome.threshold == 0.9)
        #expect(abs(outcome.raw - (2 - 0.11)) < 1e-12)
        // And a false positive scoring below the windows is left out by the threshold.
        scores[20] = 0.5
        let better = NABScorer.score(corpus: Self.corpus, scores: [scores], profile: .standard)
        #expect(better.threshold == 0.9 && abs(better.normalized - 100) < 1e-9)
    }

    /// Three of NAB's real files with their labels (Tests/SwitchyardAIOpsTests/Fixtures/nab-subset, MIT, see its
    /// LICENSE.txt): the repository's own copy, so the check runs wherever the tests do; bench/nab scores all 58.
    @Test func onRealNABFilesNullIsZeroAndPerfectIsOneHundred() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nab-subset").path
        let corpus = try NABCorpus.load(root: root)
        #expect(corpus.files.count == 3 && corpus.windowCount == 6)
        let null = corpus.files.map { [Double](repeating: 0, count: $0.series.points.count) }
        let perfect = corpus.files.map { file in
            var scores = [Double](repeating: 0, count: file.series.points.count)
            for window in file.windows { scores[window.lowerBound] = 1 }
            return scores
        }
        for profile in NABProfile.all {
            #expect(NABScorer.score(corpus: corpus, scores: null, profile: profile).normalized == 0)
            let best = NABScorer.score(corpus: corpus, scores: perfect, profile: profile)
            #expect(abs(best.normalized - 100) < 1e-9, "\(profile.name): \(best.normalized)")
            #expect(best.truePositives == 6 && best.falsePositives == 0)
        }
    }
}
