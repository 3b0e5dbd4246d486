import Foundation
import PropertyBased
import Synchronization
import Testing
import SwitchyardCore
import SwitchyardGraph
import SwitchyardModelAPI
import SwitchyardStorage
@testable import SwitchyardRuntime

/// Random workflows of the built-in kinds, stopped at a random step and resumed by a fresh store and executor
/// (a new process, as far as the run is concerned), end equal to a straight run.
@Suite(.timeLimit(.minutes(2))) struct ResumeEquivalencePropertyTests {
    /// A deterministic model: its answer is a pure function of the prompt, so a replay and a first call agree.
    struct EchoModel: ChatModel {
        func complete(_ request: ChatRequest) async throws -> ChatResponse {
            let prompt = request.messages.map(\.content).joined(separator: "|")
            var hash: UInt64 = 1469598103934665603
            for byte in prompt.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
            let text: String
            if case .array(let labels)? = request.responseSchema?["enum"], !labels.isEmpty {
                text = labels[Int(hash % UInt64(labels.count))].jsonText
            } else {
                text = "answer-\(hash % 1000)"
            }
            return ChatResponse(
                model: "echo", message: .assistant(text), finishReason: .stop,
                usage: Usage(promptTokens: 3, completionTokens: 1))
        }

        func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
            AsyncThrowingStream { continuation in
                Task {
                    let response = try await complete(request)
                    continuation.yield(ChatDelta(text: response.message.content, finishReason: .stop))
                    continuation.finish()
                }
            }
        }
    }

    /// A checkpointer that dies after `budget` commits: that commit and every later call fail, as if the
    /// process had been killed at that instant.
    final class DyingCheckpointer: Checkpointer {
        struct Died: Error {}
        let base: any Checkpointer
        let budget: Mutex<Int>
        init(_ base: any Checkpointer, commits: Int) {
            self.base = base
            self.budget = Mutex(commits)
        }
        func alive() throws { if budget.withLock({ $0 }) <= 0 { throw Died() } }
        func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
            try alive()
            return try await base.thread(tenant: tenant, id: id)
        }
        func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
            try await base.threads(tenant: tenant, limit: limit)
        }
        func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
            try alive()
            return try await base.checkpoint(tenant: tenant, thread: thread, id: id)
        }
        func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
            try alive()
            return try await base.chain(tenant: tenant, thread: thread, to: id)
        }
        func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
            try await base.history(tenant: tenant, thread: thread, limit: limit)
        }
        func commit(_ commit: StepCommit) async throws {
            let left = budget.withLock { value -> Int in
                value -= 1
                return value
            }
            if left < 0 { throw Died() }
            try await base.commit(commit)
        }
        func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
            try alive()
            try await base.putPending(tenant: tenant, thread: thread, checkpoint: checkpoint, record: record)
        }
        func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
            try alive()
            return try await base.pending(tenant: tenant, thread: thread, checkpoint: checkpoint)
        }
        func setStatus(
            tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?
        ) async throws {
            try alive()
            try await base.setStatus(tenant: tenant, thread: thread, head: head, status: status, error: error)
        }
        func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
            try await base.deleteThread(tenant: tenant, thread: thread)
        }
    }

    /// A random chain of transform, llm, router (two branches that meet again) and map nodes, with a random
    /// durability (each step durable before the next, written during the next, or at the run's end).
    static func workflow(seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        let count = Int.random(in: 2...7, using: &rng)
        let durability = ["sync", "async", "exit"][Int.random(in: 0..<3, using: &rng)]
        var lines = [
            "name: random", "input: {type: object, properties: {seed: {type: string}}}",
            "state: {collected: {reducer: append}}", "durability: \(durability)", "nodes:",
        ]
        for i in 0..<count {
            let next = i == count - 1 ? "end" : "n\(i + 1)"
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                lines.append(
                    "  n\(i): {kind: transform, set: {t\(i): \"{{seed}}-\(i)\", list\(i): [a, b, c]}, next: \(next)}")
            case 1:
                lines.append(
                    "  n\(i): {kind: llm, prompt: {context: \"step \(i) of {{seed}}\"}, output: l\(i), next: \(next)}")
            case 2:
                lines.append(
                    "  n\(i): {kind: router, prompt: {context: \"route \(i) {{seed}}\"}, labels: [x, y], output: r\(i), "
                        + "routes: {x: b\(i)x, y: b\(i)y}}")
                lines.append("  b\(i)x: {kind: transform, set: {branch\(i): x}, next: \(next)}")
                lines.append(
                    "  b\(i)y: {kind: llm, prompt: {context: \"branch \(i)\"}, output: branch\(i), next: \(next)}")
            default:
                lines.append("  n\(i): {kind: transform, set: {items\(i): [1, 2, 3]}, next: m\(i)}")
                lines.append("  m\(i): {kind: map, over: items\(i), to: e\(i), next: \(next)}")
                lines.append("  e\(i): {kind: transform, set: {collected: \"{{item}}-\(i)\"}, next: \(next)}")
            }
        }
        return lines.joined(separator: "\n")
    }

    func finalState(workflow text: String, crashAfter: Int?) async throws -> JSONValue {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let definition = try WorkflowLoader().load(text: text, file: "random.yaml")
        let catalog = WorkflowCatalog([definition])
        let tenant = try TenantID("acme")
        let first = try SQLiteStore(directory: directory)
        try await first.createTenant(TenantRecord(id: tenant))
        let runtime = Runtime(store: first, checkpointer: first, catalog: catalog)
        var run = try await runtime.submit(tenant: tenant, workflow: "random", input: ["seed": "s"]).run
        run.attempts = 1
        if let crashAfter {
            let dying = DyingCheckpointer(first, commits: crashAfter)
            let executor = RunExecutor(
                store: first, checkpointer: dying, catalog: catalog, models: { _ in EchoModel() })
            _ = await executor.execute(run)
            run.attempts = 2
        }
        // A fresh store and executor on the same directory, as a new process would have.
        let second = try SQLiteStore(directory: directory)
        let executor = RunExecutor(store: second, checkpointer: second, catalog: catalog, models: { _ in EchoModel() })
        let completion = await executor.execute(run)
        #expect(completion.status == .succeeded, "\(completion.errorCode ?? "") \(completion.errorMessage ?? "")")
        return completion.output ?? .null
    }

    @Test func stoppedAndResumedEqualsStraight() async {
        await propertyCheck(count: 25, input: Gen.uint64(), Gen.int(in: 0...12)) { seed, crashAfter in
            let text = Self.workflow(seed: seed)
            let straight = try await finalState(workflow: text, crashAfter: nil)
            let resumed = try await finalState(workflow: text, crashAfter: crashAfter)
            #expect(
                Self.normalized(straight) == Self.normalized(resumed),
                "seed \(seed), crash after \(crashAfter)\n\(text)")
        }
    }

    /// Map results arrive in task order either way; the run id differs between the two runs.
    static func normalized(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object["__run__"] = nil
        return .object(object)
    }
}
