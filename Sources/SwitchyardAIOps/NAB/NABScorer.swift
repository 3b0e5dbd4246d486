import Foundation

/// NAB's scoring, written from NAB's published rules (numenta/NAB `nab/sweeper.py`, MIT): the probationary
/// period, the anomaly windows, the scaled sigmoid, one threshold optimised over the whole corpus per profile,
/// and the normalisation between the null detector (0) and the perfect detector (100).
public enum NABScorer {
    /// NAB's scaled sigmoid: 2/(1+e^{5y}) − 1, and −1 from y ≥ 3 on.
    /// - Parameter y: The relative position.
    public static func scaledSigmoid(_ y: Double) -> Double {
        y >= 3 ? -1 : 2 / (1 + exp(5 * y)) - 1
    }

    /// One scorable row: its detector score, where it lies, and its unweighted sweep value.
    struct Row {
        var score: Double
        /// Global window id, or -1 outside every window.
        var window: Int32
        /// Inside a window: σ(y)/σ(−1); outside: σ(y) (negative), y from the previous window's right end.
        var unweighted: Double
    }

    /// The rows of one file after its probationary period, with window ids starting at `firstWindow`.
    static func rows(file: NABFile, scores: [Double], firstWindow: Int) -> [Row] {
        let n = file.series.points.count
        precondition(scores.count == n, "one score per row")
        let probation = NABFile.probationaryLength(rows: n)
        let maxTP = scaledSigmoid(-1)
        var result: [Row] = []
        result.reserveCapacity(n - probation)
        var next = 0
        var current: ClosedRange<Int>? = nil
        var previous: ClosedRange<Int>? = nil
        for i in 0..<n {
            if current == nil, next < file.windows.count, file.windows[next].lowerBound == i {
                current = file.windows[next]
                next += 1
            }
            var unweighted: Double
            var window: Int32 = -1
            if let w = current {
                let width = Double(w.count)
                unweighted = scaledSigmoid(-Double(w.upperBound - i + 1) / width) / maxTP
                window = Int32(firstWindow + next - 1)
            } else if let p = previous {
                unweighted = scaledSigmoid(Double(abs(p.upperBound - i)) / Double(p.count - 1))
            } else {
                unweighted = scaledSigmoid(3)
            }
            if i >= probation { result.append(Row(score: scores[i], window: window, unweighted: unweighted)) }
            if let w = current, w.upperBound == i {
                previous = w
                current = nil
            }
        }
        return result
    }

    /// The outcome of scoring a detector on a corpus under one profile.
    public struct Outcome: Sendable {
        public var profile: NABProfile
        /// The chosen threshold (detections are scores ≥ threshold).
        public var threshold: Double
        /// The raw score at that threshold.
        public var raw: Double
        /// The normalised score: 100·(raw − null)/(perfect − null).
        public var normalized: Double
        public var truePositives: Int
        public var falsePositives: Int
        public var falseNegatives: Int
    }

    /// Scores `scores` (one array per corpus file, one value per row) under `profile`, choosing the threshold
    /// that maximises the corpus total, and normalises it.
    /// - Parameters:
    ///   - corpus: The corpus.
    ///   - scores: One array per file, one score per row.
    ///   - profile: The weights.
    public static func score(corpus: NABCorpus, scores: [[Double]], profile: NABProfile) -> Outcome {
        var rows: [Row] = []
        var windowBase = 0
        for (file, s) in zip(corpus.files, scores) {
            rows += self.rows(file: file, scores: s, firstWindow: windowBase)
            windowBase += file.windows.count
        }
        let sweep = self.sweep(rows: rows, windowCount: windowBase, profile: profile)
        let null = nullScore(rows: rows, windowCount: windowBase, profile: profile)
        let perfect = profile.tpWeight * Double(corpus.windowCount)
        var outcome = sweep
        outcome.normalized = 100 * (sweep.raw - null) / (perfect - null)
        return outcome
    }

    /// The raw score of a detector that never fires: −A_FN for each window with a scorable row.
    static func nullScore(rows: [Row], windowCount: Int, profile: NABProfile) -> Double {
        var seen = Set<Int32>()
        for row in rows where row.window >= 0 { seen.insert(row.window) }
        return -profile.fnWeight * Double(seen.count)
    }

    /// The threshold sweep: rows by descending score; after each group of equal scores the corpus total.
    static func sweep(rows unsorted: [Row], windowCount: Int, profile: NABProfile) -> Outcome {
        let rows = unsorted.sorted { $0.score > $1.score }
        var windowScore = [Double](repeating: .nan, count: windowCount)
        var windowTotal = 0.0
        for row in rows where row.window >= 0 && windowScore[Int(row.window)].isNaN {
            windowScore[Int(row.window)] = -profile.fnWeight
            windowTotal -= profile.fnWeight
        }
        let scoredWindows = windowScore.filter { !$0.isNaN }.count
        var fpTotal = 0.0
        var tp = 0
        var fp = 0
        var best = Outcome(
            profile: profile, threshold: 1.1, raw: windowTotal, normalized: 0, truePositives: 0, falsePositives: 0,
            falseNegatives: scoredWindows)
        var detected = 0
        var i = 0
        while i < rows.count {
            let threshold = rows[i].score
            while i < rows.count, rows[i].score == threshold {
                let row = rows[i]
                if row.window < 0 {
                    fpTotal += row.unweighted * profile.fpWeight
                    fp += 1
                } else {
                    let w = Int(row.window)
                    let value = row.unweighted * profile.tpWeight
                    if windowScore[w] == -profile.fnWeight && value > windowScore[w] { detected += 1 }
                    if value > windowScore[w] {
                        windowTotal += value - windowScore[w]
                        windowScore[w] = value
                    }
                    tp += 1
                }
                i += 1
            }
            let total = windowTotal + fpTotal
            if total > best.raw {
                best = Outcome(
                    profile: profile, threshold: threshold, raw: total, normalized: 0, truePositives: detected,
                    falsePositives: fp, falseNegatives: scoredWindows - detected)
            }
        }
        return best
    }
}
