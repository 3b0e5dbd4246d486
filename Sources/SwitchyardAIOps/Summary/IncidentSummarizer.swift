import SwitchyardCore
import SwitchyardModelAPI

/// Writes an incident's summary with a chat model (through the gateway in the CLI and the runtime), grounded on
/// the incident's evidence: the model sees each piece of evidence with its id (`[S1]` a series window, `[L1]`
/// log lines) and the ranked root causes, answers `{"sentences": [{"text", "cites": [ids]}]}` (a response
/// schema whose `cites` may only name the evidence shown), and every sentence then goes through
/// ``EvidenceGrounding``: a sentence without a valid citation is dropped and reported. A model that ignores the
/// schema is read as free text with inline `[S1]` citations and checked the same way.
public struct IncidentSummarizer: Sendable {
    /// The model to ask.
    public var model: any ChatModel
    /// The most tokens the answer may take.
    public var maxTokens: Int
    /// At most this many pieces of evidence are shown to the model (the earliest); the rest cannot be cited.
    public var maximumEvidence: Int
    /// The task the gateway routes by.
    public var task: String

    /// - Parameters:
    ///   - model: Any chat model; the CLI passes the gateway's.
    ///   - maxTokens: The answer's budget.
    ///   - maximumEvidence: How many pieces of evidence the prompt lists.
    public init(model: any ChatModel, maxTokens: Int = 240, maximumEvidence: Int = 10, task: String = "summarize") {
        self.model = model
        self.maxTokens = maxTokens
        self.maximumEvidence = maximumEvidence
        self.task = task
    }

    /// Asks the model for the summary of `entry` and checks every sentence's citations.
    /// - Parameter entry: The incident with its cited evidence.
    /// - Throws: What the model throws (`model_missing`, `context_length_exceeded`, an upstream error, …).
    public func summarize(_ entry: IncidentReport.Entry) async throws -> IncidentSummary {
        let shown = Array(entry.evidence.prefix(maximumEvidence))
        let request = ChatRequest(
            messages: Self.messages(for: entry, evidence: shown), responseSchema: Self.schema(ids: shown.map(\.id)),
            temperature: 0, maxTokens: maxTokens, task: task)
        let response = try await model.complete(request)
        let text = Self.text(of: response.message.content)
        let grounding = EvidenceGrounding.check(text, ids: Set(shown.map(\.id)))
        return IncidentSummary(sentences: grounding.kept, dropped: grounding.dropped, model: response.model)
    }

    /// The report with a summary on every incident, asked one incident after the other.
    /// - Parameter report: The report to summarise.
    /// - Throws: What the model throws.
    public func summarize(_ report: IncidentReport) async throws -> IncidentReport {
        var report = report
        for index in report.incidents.indices {
            report.incidents[index].summary = try await summarize(report.incidents[index])
        }
        return report
    }

    /// The prompt: the evidence with ids, the ranked root causes with their reasons, and the rule.
    /// - Parameters:
    ///   - entry: The incident.
    ///   - evidence: The evidence shown (at most ``maximumEvidence`` of it).
    public static func messages(for entry: IncidentReport.Entry, evidence: [CitedEvidence]) -> [ChatMessage] {
        let incident = entry.incident
        var user =
            "Incident \(entry.number), \(Timestamp.iso8601(incident.start)) to \(Timestamp.iso8601(incident.end)), "
        user += "services: \(incident.services.joined(separator: ", ")).\n\nEvidence:\n"
        user += evidence.map(\.text).joined(separator: "\n")
        user += "\n\nProbable root causes, most probable first:\n"
        for (rank, cause) in incident.rootCauses.prefix(3).enumerated() {
            user += "\(rank + 1). \(cause.service): \(cause.reasons.joined(separator: "; "))\n"
        }
        user += """

            Write 2 to 4 short sentences for the on-call engineer: what happened, the probable root cause and why. \
            Each sentence cites the evidence it rests on by id in "cites".
            """
        return [
            .system(
                "You summarise incidents for on-call engineers. Use only the evidence given. Every sentence cites "
                    + "its evidence by id, such as S1 or L1."),
            .user(user),
        ]
    }

    /// The response schema: 1–4 sentences, each citing 1–3 of `ids`.
    /// - Parameter ids: The evidence ids a sentence may cite.
    public static func schema(ids: [String]) -> JSONValue {
        [
            "type": "object", "required": ["sentences"], "additionalProperties": false,
            "properties": [
                "sentences": [
                    "type": "array", "minItems": 1, "maxItems": 4,
                    "items": [
                        "type": "object", "required": ["text", "cites"], "additionalProperties": false,
                        "properties": [
                            "text": ["type": "string", "minLength": 10, "maxLength": 200],
                            "cites": [
                                "type": "array", "minItems": 1, "maxItems": 3,
                                "items": ["enum": .array(ids.map(JSONValue.string))],
                            ],
                        ],
                    ],
                ]
            ],
        ]
    }

    /// The answer as text with inline citations: `{"sentences": …}` rendered as `text [S1][L1].` per sentence,
    /// anything else taken as it is.
    static func text(of content: String) -> String {
        guard let answer = try? JSONValue(parsing: content), let sentences = answer["sentences"]?.arrayValue else {
            return content
        }
        return sentences.compactMap { sentence -> String? in
            guard var text = sentence["text"]?.stringValue else { return nil }
            text = text.trimmingSpaces(in: " \n\t")
            while let last = text.last, last == "." || last == " " { text.removeLast() }
            let cites = (sentence["cites"]?.arrayValue ?? []).compactMap(\.stringValue).map { "[\($0)]" }
            return text + (cites.isEmpty ? "" : " " + cites.joined()) + "."
        }
        .joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingSpaces(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
