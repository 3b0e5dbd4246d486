/// One piece of an incident's evidence with the id a summary cites it by: `S1`, `S2`, … for a series window,
/// `L1`, `L2`, … for log lines, numbered within the incident in order of onset.
public struct CitedEvidence: Sendable, Equatable {
    /// `S1`, `L1`, …
    public var id: String
    public var evidence: AnomalyEvidence
    /// The log lines it rests on (empty for a series window).
    public var lines: [LogFile.Line]

    /// Evidence with its citation id.
    /// - Parameters:
    ///   - id: `S1`, `S2`, … for a series window, `L1`, … for log lines.
    ///   - evidence: The anomaly.
    ///   - lines: The log lines it rests on (empty for a series window).
    public init(id: String, evidence: AnomalyEvidence, lines: [LogFile.Line] = []) {
        self.id = id
        self.evidence = evidence
        self.lines = lines
    }

    /// Numbers an incident's evidence: series windows `S1…`, log evidence `L1…`, each in order of onset.
    /// - Parameters:
    ///   - evidence: The incident's evidence, by start time.
    ///   - lines: The log lines behind each piece of log evidence.
    public static func number(
        _ evidence: [AnomalyEvidence], lines: [AnomalyEvidence: [LogFile.Line]] = [:]
    ) -> [CitedEvidence] {
        var series = 0
        var logs = 0
        return evidence.map { item in
            if item.source == .log {
                logs += 1
                return CitedEvidence(id: "L\(logs)", evidence: item, lines: lines[item] ?? [])
            }
            series += 1
            return CitedEvidence(id: "S\(series)", evidence: item)
        }
    }

    /// One line for people and for the summary's prompt: what, where, when, what was seen.
    public var text: String {
        let e = evidence
        let when =
            e.end > e.start
            ? "\(Timestamp.iso8601(e.start)) to \(Timestamp.iso8601(e.end))" : Timestamp.iso8601(e.start)
        if e.source == .log {
            let numbers = lines.map { String($0.number) }.joined(separator: ",")
            return "[\(id)] log \(e.series)\(numbers.isEmpty ? "" : ":" + numbers) (service \(e.service)), \(when): "
                + e.detail
        }
        let peak = (e.peak * 100).rounded() / 100
        return "[\(id)] series \(e.series) (service \(e.service)), \(when): \(e.detail), peak score \(peak)"
    }
}
