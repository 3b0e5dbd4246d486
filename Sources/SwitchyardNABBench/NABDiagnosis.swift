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
}
