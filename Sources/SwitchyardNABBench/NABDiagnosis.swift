import SwitchyardAIOps

/// Per-file detail at one threshold, for looking at where a detector wins and loses (`--diagnose`).
enum NABDiagnosis {
    /// One line per file: detections outside windows (false positives, with rows) and each window's first
    /// detection offset from its start (`-` when missed).
    static func report(corpus: NABCorpus, scores: [[Double]], threshold: Double) -> String {
        var lines: [String] = []
        for (file, s) in zip(corpus.files, scores) {
            let probation = NABFile.probationaryLength(rows: s.count)
            var falsePositives: [Int] = []
            for i in probation..<s.count where s[i] >= threshold {
                if !file.windows.contains(where: { $0.contains(i) }) { falsePositives.append(i) }
            }
            let windows = file.windows.map { w -> String in
                guard let first = w.first(where: { $0 >= probation && s[$0] >= threshold }) else {
                    return "miss[\(w.lowerBound)-\(w.upperBound)]"
                }
                return "hit+\(first - w.lowerBound)/\(w.count)"
            }
            lines.append(
                "\(file.key) n=\(s.count) FP \(falsePositives.count) \(falsePositives) | "
                    + windows.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// How the scores after each probationary period spread: the rows scored exactly 1 (inside windows and
    /// outside) and the number of distinct values. Many rows tied at the top score leave the threshold sweep no
    /// cut between them, so a detector whose every alarm scores 1 can only fire on all of them or on none.
    static func spread(corpus: NABCorpus, scores: [[Double]]) -> String {
        var rows = 0
        var topInside = 0
        var topOutside = 0
        var distinct = Set<Double>()
        for (file, s) in zip(corpus.files, scores) {
            for i in NABFile.probationaryLength(rows: s.count)..<s.count {
                rows += 1
                if distinct.count < 1_000_000 { distinct.insert(s[i]) }
                guard s[i] >= 1 else { continue }
                if file.windows.contains(where: { $0.contains(i) }) { topInside += 1 } else { topOutside += 1 }
            }
        }
        return "  scores: \(rows) rows scored, \(distinct.count) distinct values, \(topInside + topOutside) at 1 "
            + "(\(topInside) inside windows, \(topOutside) outside)"
    }
}
