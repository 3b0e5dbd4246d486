import SwitchyardCore

/// The incidents found in a set of series and logs, each with its cited evidence, ranked root causes and, when
/// asked for, a grounded summary.
public struct IncidentReport: Sendable, Equatable {
    /// One incident as reported.
    public struct Entry: Sendable, Equatable {
        /// 1, 2, … by start time.
        public var number: Int
        public var incident: Incident
        /// The incident's evidence with citation ids, in order of onset.
        public var evidence: [CitedEvidence]
        /// The grounded summary, when one was asked for.
        public var summary: IncidentSummary?

        /// One incident of a report.
        /// - Parameters:
        ///   - number: Its number in the report, from 1.
        ///   - incident: The incident with its ranked root causes.
        ///   - evidence: Its evidence with citation ids.
        ///   - summary: The grounded summary, when one was asked for.
        public init(number: Int, incident: Incident, evidence: [CitedEvidence], summary: IncidentSummary? = nil) {
            self.number = number
            self.incident = incident
            self.evidence = evidence
            self.summary = summary
        }
    }

    public var incidents: [Entry]
    /// What cleaning changed and which series were not judged, for people.
    public var notes: [String]
    /// Series read.
    public var seriesCount: Int
    /// Log lines read.
    public var logLineCount: Int

    /// A report.
    /// - Parameters:
    ///   - incidents: The incidents, by start time.
    ///   - notes: What the readers and the analysis noted (gaps, dropped points, evidence left out).
    ///   - seriesCount: Series read.
    ///   - logLineCount: Log lines read.
    public init(incidents: [Entry], notes: [String], seriesCount: Int, logLineCount: Int) {
        self.incidents = incidents
        self.notes = notes
        self.seriesCount = seriesCount
        self.logLineCount = logLineCount
    }

    /// The report for people: each incident, its evidence, its ranked root causes with every reason, and its
    /// summary (kept sentences, then the dropped ones with why).
    public var text: String {
        var out: [String] = []
        out.append(
            "\(incidents.count) incident\(incidents.count == 1 ? "" : "s") in \(seriesCount) series and "
                + "\(logLineCount) log lines")
        for note in notes { out.append("note: \(note)") }
        for entry in incidents {
            let i = entry.incident
            out.append("")
            out.append(
                "incident \(entry.number): \(Timestamp.iso8601(i.start)) to \(Timestamp.iso8601(i.end)), "
                    + "services \(i.services.joined(separator: ", "))")
            out.append("  evidence:")
            for item in entry.evidence {
                out.append("    " + item.text)
                for line in item.lines { out.append("      \(line.number): \(Quote.short(line.text, limit: 160))") }
            }
            out.append("  probable root causes:")
            for (rank, cause) in i.rootCauses.enumerated() {
                out.append("    \(rank + 1). \(cause.service) (score \((cause.score * 100).rounded() / 100))")
                for reason in cause.reasons { out.append("       - \(reason)") }
            }
            if let summary = entry.summary {
                out.append("  summary (\(summary.model)):")
                if summary.sentences.isEmpty { out.append("    (no sentence passed the grounding check)") }
                for sentence in summary.sentences { out.append("    " + sentence.text) }
                for dropped in summary.dropped {
                    out.append("    dropped: \(Quote.short(dropped.text, limit: 200)): \(dropped.reason)")
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// The report for scripts: `{"incidents": [{"number", "start", "end", "services", "evidence": [{"id",
    /// "source", "series", "service", "start", "end", "peak", "detail", "lines"}], "root_causes": [{"service",
    /// "score", "reasons"}], "summary"?: {"model", "text", "sentences": [{"text", "citations"}], "dropped":
    /// [{"text", "reason"}]}}], "notes", "series", "log_lines"}`.
    public var json: JSONValue {
        .object([
            "incidents": .array(incidents.map(\.json)),
            "notes": .array(notes.map(JSONValue.string)),
            "series": .int(seriesCount),
            "log_lines": .int(logLineCount),
        ])
    }
}

extension IncidentReport.Entry {
    /// One incident as JSON (see ``IncidentReport/json``).
    public var json: JSONValue {
        let i = incident
        var object: [String: JSONValue] = [
            "number": .int(number),
            "start": .string(Timestamp.iso8601(i.start)),
            "end": .string(Timestamp.iso8601(i.end)),
            "services": .array(i.services.map(JSONValue.string)),
            "evidence": .array(
                evidence.map { item in
                    let e = item.evidence
                    return .object([
                        "id": .string(item.id), "source": .string(e.source.name), "series": .string(e.series),
                        "service": .string(e.service), "start": .string(Timestamp.iso8601(e.start)),
                        "end": .string(Timestamp.iso8601(e.end)), "peak": .double((e.peak * 10_000).rounded() / 10_000),
                        "detail": .string(e.detail),
                        "lines": .array(
                            item.lines.map { .object(["number": .int($0.number), "text": .string($0.text)]) }),
                    ])
                }),
            "root_causes": .array(
                i.rootCauses.map {
                    .object([
                        "service": .string($0.service), "score": .double(($0.score * 1000).rounded() / 1000),
                        "reasons": .array($0.reasons.map(JSONValue.string)),
                    ])
                }),
        ]
        if let summary {
            object["summary"] = .object([
                "model": .string(summary.model),
                "text": .string(summary.text),
                "sentences": .array(
                    summary.sentences.map {
                        .object(["text": .string($0.text), "citations": .array($0.citations.map(JSONValue.string))])
                    }),
                "dropped": .array(
                    summary.dropped.map { .object(["text": .string($0.text), "reason": .string($0.reason)]) }),
            ])
        }
        return .object(object)
    }
}
