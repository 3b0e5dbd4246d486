import Foundation
import Logging
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardRuntime
import SwitchyardStorage

/// One data dir as a deployment has it: the SQLite store (queue, events, artifacts and checkpoints in one file),
/// the runtime that submits, and the executor the worker pools run.
struct Deployment: Sendable {
    let directory: String
    let store: SQLiteStore
    let runtime: Runtime
    let executor: RunExecutor

    /// A fresh data dir at `directory` with `tenants` (name, max concurrent runs), all tier 1, and the chain
    /// workflow with `durability`.
    init(directory: String, durable: Bool, durability: String = "sync", tenants: [(String, Int)]) async throws {
        try? FileManager.default.removeItem(atPath: directory)
        self.directory = directory
        store = try SQLiteStore(directory: directory, options: .init(createDirectory: true, durableCommits: durable))
        let catalog = try ChainWorkflow.catalog(durability: durability)
        runtime = Runtime(store: store, checkpointer: store, catalog: catalog)
        executor = RunExecutor(store: store, checkpointer: store, catalog: catalog, models: { _ in NoModel() })
        for (name, limit) in tenants {
            try await store.createTenant(TenantRecord(id: try TenantID(name), maxConcurrentRuns: limit))
        }
    }

    /// `PRAGMA synchronous` of the store's writer and of its checkpoint writer (2 = FULL).
    func synchronous() throws -> [Int] {
        [try store.synchronousMode(), try store.checkpoints.synchronousMode()]
    }

    /// A worker pool on this data dir, as `switchyard worker --concurrency N` makes it (default lease and poll),
    /// logging warnings only (it logs every run at `info`).
    func pool(concurrency: Int, poll: Duration = .milliseconds(100)) -> WorkerPool {
        var logger = Logger(label: "switchyard.worker")
        logger.logLevel = .warning
        return WorkerPool(
            store: store, executor: executor, concurrency: concurrency, pollInterval: poll, logger: logger)
    }

    /// Rows the store keeps for one run: its events and its artifacts.
    func rows(_ run: RunRecord) async throws -> (events: Int, artifacts: Int) {
        let events = try await store.events(tenant: run.tenant, run: run.id, after: 0, limit: 10_000).count
        return (events, try await store.artifacts(tenant: run.tenant, run: run.id).count)
    }

    /// Queues one run of the chain for `tenant`.
    func submit(_ tenant: TenantID, _ request: String) async throws -> RunRecord {
        try await runtime.submit(tenant: tenant, workflow: ChainWorkflow.name, input: ["request": .string(request)])
            .run
    }

    /// Whether nothing is queued or running.
    func idle() async -> Bool {
        guard let depth = try? await store.queueDepth() else { return false }
        return depth.allSatisfy { $0.queued == 0 && $0.running == 0 }
    }

    /// Works the queue with `concurrency` workers until nothing is queued or running.
    func drain(concurrency: Int) async throws {
        let deployment = self
        try await pool(concurrency: concurrency).run { await deployment.idle() }
    }

    /// The tenant's runs (newest first), checked to have succeeded with the chain's output.
    func checkedRuns(_ tenant: TenantID, count: Int) async throws -> [RunRecord] {
        let runs = try await store.runs(tenant: tenant, filter: RunFilter(limit: count + 100))
        for run in runs {
            guard run.status == .succeeded, run.started != nil, let request = run.input["request"]?.stringValue,
                run.output?["a\(ChainWorkflow.steps)"]?.stringValue == ChainWorkflow.expected(request)
            else {
                throw BenchError(
                    "run \(run.id) ended \(run.status) (\(run.errorCode ?? "-")): \(run.errorMessage ?? "")")
            }
        }
        return runs
    }
}
