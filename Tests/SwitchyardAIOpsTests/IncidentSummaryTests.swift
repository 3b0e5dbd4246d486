import Synchronization
import SwitchyardCore
import SwitchyardModelAPI
import Testing

@testable import SwitchyardAIOps

/// A test double: answers each request with the next scripted text and keeps the requests it saw.
final class ScriptedChatModel: ChatModel {
    private let answers: Mutex<[String]>
    let requests = Mutex<[ChatRequest]>([])

    init(_ answers: [String]) { self.answers = Mutex(answers) }

    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        requests.withLock { $0.append(request) }
        let text = answers.withLock { $0.isEmpty ? "" : $0.removeFirst() }
        return ChatResponse(
            model: "scripted", message: .assistant(text), finishReason: .stop,
            usage: Usage(promptTokens: 1, completionTokens: 1))
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        AsyncThrowingStream { continuation in
            Task {
                do {
                    let response = try await self.complete(request)
                    continuation.yield(ChatDelta(text: response.message.content, finishReason: .stop))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
        }
    }
}

/// The grounding check and the summary through a chat model.
@Suite struct IncidentSummaryTests {
    static let ids: Set<String> = ["S1", "S2", "L1"]

    @Test func keepsCitedSentencesAndDropsTheRestWithReasons() {
        let text = """
            Payment latency rose sixfold at 10:00 [S1]. Checkout followed a minute later. [S2]
            - The database logged connection pool errors [L1, S1].
            The cache was fine [S9].
            Nothing else happened.
            A version [v2] was deployed [L1][S2]!
            """
        let g = EvidenceGrounding.check(text, ids: Self.ids)
        #expect(
            g.kept.map(\.text) == [
                "Payment latency rose sixfold at 10:00 [S1].", "Checkout followed a minute later. [S2]",
                "The database logged connection pool errors [L1, S1].", "A version [v2] was deployed [L1][S2]!",
            ])
        #expect(g.kept.map(\.citations) == [["S1"], ["S2"], ["L1", "S1"], ["L1", "S2"]])
        #expect(g.dropped.map(\.text) == ["The cache was fine [S9].", "Nothing else happened."])
        #expect(g.dropped[0].reason == "cites [S9], not evidence of this incident (the evidence is [L1], [S1], [S2])")
        #expect(g.dropped[1].reason == "cites no evidence")
    }

    @Test func decimalsAndListNumbersDoNotSplitSentences() {
        #expect(
            EvidenceGrounding.sentences("1. Latency was 1.5 s at peak [S1]. 2. Errors [L1].") == [
                "Latency was 1.5 s at peak [S1].", "2. Errors [L1].",
            ])
        #expect(EvidenceGrounding.check("", ids: Self.ids) == EvidenceGrounding(kept: [], dropped: []))
    }

    static func entry() throws -> IncidentReport.Entry {
        let fixture = try IncidentFixture()
        let report = try IncidentAnalysis.run(
            seriesFiles: fixture.series, logFiles: [fixture.dbLog],
            options: .init(topology: try ServiceTopology.read(path: fixture.topology)))
        return try #require(report.incidents.first { $0.incident.services.contains("db") })
    }

    @Test func summaryAsksWithTheEvidenceAndGroundsTheAnswer() async throws {
        let entry = try Self.entry()
        let model = ScriptedChatModel([
            #"""
            {"sentences": [
              {"text": "The database's latency jumped sixfold first.", "cites": ["S1"]},
              {"text": "It logged connection pool errors", "cites": ["L1", "S1"]},
              {"text": "Checkout and frontend slowed as callers. Then it recovered", "cites": ["S3"]},
              {"text": "Caused by a deploy", "cites": []}
            ]}
            """#
        ])
        let summary = try await IncidentSummarizer(model: model).summarize(entry)
        #expect(summary.model == "scripted")
        #expect(
            summary.sentences.map(\.text) == [
                "The database's latency jumped sixfold first [S1].", "It logged connection pool errors [L1][S1].",
                "Then it recovered [S3].",
            ])
        #expect(summary.dropped.map(\.text) == ["Checkout and frontend slowed as callers.", "Caused by a deploy."])
        #expect(summary.dropped.allSatisfy { $0.reason == "cites no evidence" })

        let request = try #require(model.requests.withLock { $0.first })
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        #expect(prompt.contains("[S1] series") && prompt.contains("[L1] log"))
        #expect(prompt.contains("1. db: no dependency of it turned anomalous before it (upstream-most)"))
        #expect(request.temperature == 0 && request.task == "summarize")
        let allowed = request.responseSchema?["properties"]?["sentences"]?["items"]?["properties"]?["cites"]?["items"]?[
            "enum"]
        #expect(allowed == .array(entry.evidence.prefix(10).map { .string($0.id) }))
    }

    @Test func freeTextAnswersAreCheckedTheSameWay() async throws {
        let entry = try Self.entry()
        let model = ScriptedChatModel(["db failed first [S1]. Everything is broken. Redis too [S99]."])
        let report = IncidentReport(incidents: [entry], notes: [], seriesCount: 4, logLineCount: 0)
        let summarized = try await IncidentSummarizer(model: model).summarize(report)
        let summary = try #require(summarized.incidents.first?.summary)
        #expect(summary.text == "db failed first [S1].")
        #expect(summary.dropped.map(\.reason).first == "cites no evidence")
        #expect(summary.dropped.last?.reason.hasPrefix("cites [S99], not evidence of this incident") == true)
        #expect(summarized.text.contains("dropped: 'Everything is broken.': cites no evidence"))
        #expect(summarized.json["incidents"]?.arrayValue?.first?["summary"]?["dropped"]?.arrayValue?.count == 2)
    }
}
