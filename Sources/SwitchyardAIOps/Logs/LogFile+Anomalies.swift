extension LogFile {
    /// Log anomalies as incident evidence, with the lines each rests on.
    public struct Anomaly: Sendable, Equatable {
        /// The evidence (source `.log`): first and last time, what was seen.
        public var evidence: AnomalyEvidence
        /// The lines it rests on (at most five), for citations.
        public var lines: [Line]
    }

    /// Mines the file's templates with a fresh ``LogAnomalyDetector`` (new templates after the warm-up, rare
    /// templates, bursts per window) and turns its findings into evidence: findings on the same template less
    /// than `gap` seconds apart become one piece of evidence.
    /// - Parameters:
    ///   - detector: The detector to use (its window, warm-up and factors); fresh by default.
    ///   - gap: Findings of one template closer than this (seconds) merge.
    public func anomalies(detector: LogAnomalyDetector = LogAnomalyDetector(), gap: Double = 600) -> [Anomaly] {
        var detector = detector
        for line in lines { detector.add(Substring(line.text), timestamp: line.timestamp) }
        detector.finish()
        var result: [Anomaly] = []
        var lastOfTemplate: [Int: Int] = [:]
        for finding in detector.findings {
            let cited = finding.lines.compactMap { $0 >= 1 && $0 <= lines.count ? lines[$0 - 1] : nil }
            let start = cited.first?.timestamp ?? finding.windowStart
            let end = max(start, cited.last?.timestamp ?? start)
            if let index = lastOfTemplate[finding.templateID], start - result[index].evidence.end <= gap {
                result[index].evidence.end = max(result[index].evidence.end, end)
                for line in cited where result[index].lines.count < 5 && !result[index].lines.contains(line) {
                    result[index].lines.append(line)
                }
                continue
            }
            let evidence = AnomalyEvidence(
                series: path, service: service, source: .log, start: start, end: end,
                detail: Self.describe(finding, template: detector.miner.templates[finding.templateID].text))
            lastOfTemplate[finding.templateID] = result.count
            result.append(Anomaly(evidence: evidence, lines: Array(cited.prefix(5))))
        }
        return result
    }

    /// A finding in words, with the template's text rather than its id.
    static func describe(_ finding: LogAnomalyDetector.Finding, template: String) -> String {
        let text = Quote.short(template, limit: 160)
        switch finding.kind {
        case .newTemplate: return "new log template \(text)"
        case .rareTemplate: return "rare log template \(text)"
        default:
            let counts = finding.reason.split(separator: ":", maxSplits: 1).last.map { $0.trimmingSpaces } ?? ""
            return "burst of log template \(text):\(counts.isEmpty ? "" : " " + counts)"
        }
    }
}
