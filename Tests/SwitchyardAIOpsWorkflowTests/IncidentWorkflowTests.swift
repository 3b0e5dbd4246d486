import Foundation
import Synchronization
import SwitchyardAIOpsWorkflow
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardRuntime
import SwitchyardStorage
import Testing

/// A test double for the run's model: the scripted answers in order, the requests kept.
final class ScriptedSummaryModel: ChatModel {
    private let answers: Mutex<[String]>
    let requests = Mutex<[ChatRequest]>([])

    init(_ answers: [String]) { self.answers = Mutex(answers) }

    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        requests.withLock { $0.append(request) }
        let text = answers.withLock { $0.count > 1 ? $0.removeFirst() : ($0.first ?? "") }
        return ChatResponse(
            model: "scripted", message: .assistant(text), finishReason: .stop,
            usage: Usage(promptTokens: 10, completionTokens: 5))
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        AsyncThrowingStream { continuation in
            Task {
                let response = try await self.complete(request)
                continuation.yield(ChatDelta(text: response.message.content, finishReason: .stop))
                continuation.finish()
            }
        }
    }
}

/// The `incident` workflow on a real store and worker pool, its model a scripted test double.
@Suite(.timeLimit(.minutes(2))) struct IncidentWorkflowTests {
    /// db's latency jumps sixfold at row 480 of 600 one-minute rows and its callers follow a minute per hop; db
    /// logs connection errors from then on.
    static func input(topology: String = "payment: [db]\ncheckout: [payment]\n") -> JSONValue {
        var random = SplitMix64(seed: 11)
        let start = 1_700_000_000.0
        var series: [JSONValue] = []
        for (hop, service) in ["db", "payment", "checkout"].enumerated() {
            var csv = "timestamp,latency_ms\n"
            for step in 0..<600 {
                let base = 100 + Double.random(in: -5...5, using: &random)
                let late = step >= 480 + hop && step < 510 + hop
                csv += "\(Int(start) + step * 60),\(late ? base * 6 : base)\n"
            }
            series.append(["name": .string("\(service).csv"), "text": .string(csv)])
        }
        var log = ""
        for step in 0..<1200 {
            let t = Int(start) + step * 30
            log += "\(t) INFO query served in \(Int.random(in: 2...9, using: &random)) ms\n"
            if step >= 960 && step < 980 { log += "\(t + 1) ERROR connection pool exhausted for 10.0.0.5:5432\n" }
        }
        return [
            "series": .array(series), "logs": [["name": "db.log", "text": .string(log)]],
            "topology": .string(topology),
        ]
    }

    struct Fixture {
        let directory = NSTemporaryDirectory() + "aiops-workflow-" + UUID().uuidString
        let store: SQLiteStore
        let runtime: Runtime
        let pool: WorkerPool
        let tenant = TenantID.default

        init(model: ScriptedSummaryModel) async throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            store = try SQLiteStore(directory: directory)
            let workflow = try WorkflowLoader(kinds: IncidentWorkflow.registry).load(
                text: IncidentWorkflow.text, file: "builtin:workflows/incident.yaml")
            let catalog = WorkflowCatalog([workflow])
            runtime = Runtime(store: store, checkpointer: store, catalog: catalog)
            try await store.createTenant(TenantRecord(id: tenant, tier: 1))
            let executor = RunExecutor(
                store: store, checkpointer: store, catalog: catalog,
                compiler: WorkflowCompiler(kinds: IncidentWorkflow.registry), models: { _ in model })
            pool = WorkerPool(store: store, executor: executor, concurrency: 1, lease: .seconds(30))
        }

        func run(_ input: JSONValue) async throws -> RunRecord {
            let submitted = try await runtime.submit(tenant: tenant, workflow: "incident", input: input)
            let store = self.store
            try await pool.run {
                let depth = (try? await store.queueDepth()) ?? []
                return depth.allSatisfy { $0.queued == 0 && $0.running == 0 }
            }
            return try #require(try await store.run(tenant: tenant, id: submitted.run.id))
        }
    }

    @Test func findsTheIncidentRanksDbAndKeepsOnlyCitedSentences() async throws {
        let model = ScriptedSummaryModel([
            #"{"sentences": [{"text": "db slowed first", "cites": ["S1"]}, {"text": "No idea why", "cites": []}]}"#
        ])
        let f = try await Fixture(model: model)
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let run = try await f.run(Self.input())
        #expect(run.status == .succeeded, "\(run.errorCode ?? "") \(run.errorMessage ?? "")")
        let artifacts = try await f.store.artifacts(tenant: f.tenant, run: run.id)
        let report = try #require(artifacts.first { $0.name == "report" }?.value)
        let incident = try #require(
            report["incidents"]?.arrayValue?.first { $0["services"]?.arrayValue?.contains("db") == true })
        #expect(incident["root_causes"]?.arrayValue?.first?["service"] == "db")
        #expect(incident["evidence"]?.arrayValue?.contains { $0["id"] == "L1" } == true)
        #expect(incident["summary"]?["text"] == "db slowed first [S1].")
        #expect(incident["summary"]?["dropped"]?.arrayValue?.first?["reason"] == "cites no evidence")
        let request = try #require(model.requests.withLock { $0.first })
        #expect(request.task == "summarize" && request.responseSchema != nil)
        // The call went through the run's journal: usage is recorded with the node.
        let usage = try await f.store.usage(tenant: f.tenant, since: Date(timeIntervalSince1970: 0), by: .node)
        #expect(usage.contains { $0.group == "incidents" && $0.calls >= 1 }, "\(usage)")
    }

    @Test func badInputFailsTheRunWithTheReadersCode() async throws {
        let f = try await Fixture(model: ScriptedSummaryModel(["{}"]))
        defer { try? FileManager.default.removeItem(atPath: f.directory) }
        let run = try await f.run(Self.input(topology: "calls:\n  - {caller: db, callee: db}\n"))
        #expect(run.status == .failed)
        #expect(run.errorCode == "invalid_topology", "\(run.errorMessage ?? "")")
        #expect(run.errorMessage?.contains("topology:2:5: 'db' calls itself") == true, "\(run.errorMessage ?? "")")
    }

    @Test func theLoaderChecksTheNodesFields() throws {
        let text = IncidentWorkflow.text.replacingOccurrences(of: "output: report\n", with: "colour: red\n")
        do {
            _ = try WorkflowLoader(kinds: IncidentWorkflow.registry).load(text: text, file: "bad.yaml")
            Issue.record("loaded a workflow with a bad node")
        } catch let error as SwitchyardError {
            let all = ([error.message] + error.details).joined(separator: "\n")
            #expect(all.contains("has no field 'colour'"), "\(all)")
            #expect(all.contains("needs 'output'"), "\(all)")
        }
        #expect(throws: SwitchyardError.self) {
            try WorkflowLoader().load(text: IncidentWorkflow.text, file: "builtin.yaml")
        }
    }
}
