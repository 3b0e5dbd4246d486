import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import Testing

@testable import SwitchyardRuntime

/// `rollback` on a busy thread: the running run is cancelled, and the new run starts from the thread's state
/// before it — the displaced run's steps are gone from the state, the earlier runs' are kept.
@Suite(.timeLimit(.minutes(1))) struct RollbackTests {
    static let workflow = """
        name: steps
        version: "1"
        description: Two steps, the second slow.
        input: {type: object, properties: {tag: {type: string}}}
        entry: first
        nodes:
          first:
            kind: transform
            set: {first: "{{tag}}"}
            next: second
          second:
            kind: transform
            sleep_ms: 400
            set: {second: "{{tag}}"}
            next: end
        """

    @Test func theNewRunStartsFromTheStateBeforeTheDisplacedRun() async throws {
        let directory = NSTemporaryDirectory() + "switchyard-rollback-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let tenant = try TenantID("acme")
        try await store.createTenant(TenantRecord(id: tenant))
        let catalog = WorkflowCatalog([try WorkflowLoader().load(text: Self.workflow, file: "steps.yaml")])
        let runtime = Runtime(store: store, checkpointer: store, catalog: catalog)
        let executor = RunExecutor(
            store: store, checkpointer: store, catalog: catalog, models: { _ in ScriptedModel([:]) })
        let pool = WorkerPool(store: store, executor: executor, concurrency: 2, lease: .seconds(5))
        let workers = Task { try await pool.run() }
        defer { workers.cancel() }

        // Run A finishes on the thread.
        let a = try await runtime.submit(tenant: tenant, workflow: "steps", input: ["tag": "a"], thread: "t").run
        #expect(try await runtime.wait(tenant: tenant, run: a.id).status == .succeeded)
        // Run B is displaced mid-way (after its first step) by C with rollback.
        let b = try await runtime.submit(
            tenant: tenant, workflow: "steps", input: ["tag": "b"], thread: "t", multitask: .enqueue
        ).run
        while try await store.events(tenant: tenant, run: b.id, after: 0, limit: 100).contains(where: {
            $0.kind == "node.start" && $0.data["node"] == "second"
        }) == false {
            try await Task.sleep(for: .milliseconds(10))
        }
        let c = try await runtime.submit(
            tenant: tenant, workflow: "steps", input: ["tag": "c"], thread: "t", multitask: .rollback
        ).run
        #expect(try await runtime.wait(tenant: tenant, run: b.id).status == .cancelled)
        let done = try await runtime.wait(tenant: tenant, run: c.id)
        #expect(done.status == .succeeded, "\(done.errorCode ?? "") \(done.errorMessage ?? "")")
        #expect(done.output?["first"] == "c" && done.output?["second"] == "c")
        // The thread's history shows A's final state right before C's input: B's first step was rolled back.
        let graph = try WorkflowCompiler().compile(
            try catalog.workflow("steps"),
            services: RunServices(tenant: tenant, runID: c.id, models: { _ in ScriptedModel([:]) }),
            checkpointer: store)
        let history = try await graph.history(tenant: tenant, thread: "t")
        let rollback = try #require(history.first { $0.metadata.source == "rollback" })
        let restored = try await graph.state(tenant: tenant, thread: "t", checkpoint: rollback.id).state
        #expect(restored.values["first"] == "a" && restored.values["second"] == "a")
        #expect(restored.values[WorkflowCompiler.runKey] == .string(a.id))
    }
}
