import Foundation
import Testing
import SwitchyardBlueprints
import SwitchyardCore
import SwitchyardMigration
import SwitchyardModelAPI
import SwitchyardRuntime
import SwitchyardStorage

/// A data dir with the runtime over it and the migration blueprint registered: the migration input directory
/// is `root` (the data dir's parent, as the CLI's default), the store is `root/.switchyard`.
struct MigrationHarness {
    let root: String
    let store: SQLiteStore
    let runtime: Runtime
    let pool: WorkerPool
    let tenant: TenantID

    init(model: ScriptedModel = ScriptedModel([]), execution: MigrationExecution = .disabled) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sy-migration-\(UUID().uuidString)").path
        let data = root + "/.switchyard"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        store = try SQLiteStore(directory: data)
        let access = MigrationFileAccess.beside(dataDirectory: data)
        let catalog = try WorkflowCatalog.builtin(blueprints: [
            MigrationBlueprint.make(access: access, execution: execution)
        ])
        runtime = Runtime(store: store, checkpointer: store, catalog: catalog)
        tenant = try TenantID("acme")
        try await store.createTenant(TenantRecord(id: tenant, tier: 1))
        let executor = RunExecutor(store: store, checkpointer: store, catalog: catalog, models: { _ in model })
        pool = WorkerPool(store: store, executor: executor, concurrency: 1, lease: .seconds(5))
    }

    /// Writes `text` to `root/relative`.
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A synthetic estate of `groups` planted applications as RVTools sheets and a flow CSV under `estate/`.
    func writeSyntheticEstate(groups: Int = 3, seed: UInt64 = 7) throws -> SyntheticEstate {
        let estate = SyntheticEstate(
            .init(
                seed: seed, groups: groups, groupSize: 3...4, crossGroupProbability: 0.6, sharedServices: false,
                flowRecords: 1500, externalShare: 0.01))
        try write("estate/RVTools_tabvInfo.csv", estate.vInfoCSV())
        try write("estate/RVTools_tabvNetwork.csv", estate.vNetworkCSV())
        try write("estate/RVTools_tabvDisk.csv", estate.vDiskCSV())
        try write("estate/flows.csv", String(decoding: estate.flowsCSV(), as: UTF8.self))
        return estate
    }

    /// Gives the first VM of the synthetic estate an unsupported guest OS (a critical pre-migration concern).
    func makeFirstVMUnsupported(_ estate: SyntheticEstate) throws -> String {
        let path = root + "/estate/RVTools_tabvInfo.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        let name = estate.vms[0].name
        let row = try #require(lines.firstIndex { $0.hasPrefix(name + ",") })
        lines[row] = lines[row].replacingOccurrences(
            of: "Red Hat Enterprise Linux 9 (64-bit)", with: "FreeBSD 13 (64-bit)")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return name
    }

    /// Submits a migration run and works the queue until it stops.
    func start(_ input: JSONValue) async throws -> RunRecord {
        let submitted = try await runtime.submit(tenant: tenant, workflow: "migration", input: input)
        try await drain()
        return try await run(submitted.run.id)
    }

    func run(_ id: String) async throws -> RunRecord {
        guard let run = try await store.run(tenant: tenant, id: id) else {
            throw SwitchyardError(code: .runNotFound, message: id)
        }
        return run
    }

    /// Answers the run's approval and works the queue until it stops again.
    func decide(_ id: String, _ decision: ApprovalDecision) async throws -> RunRecord {
        _ = try await runtime.decide(tenant: tenant, run: id, decision: decision)
        try await drain()
        return try await run(id)
    }

    func drain() async throws {
        let store = self.store
        try await pool.run {
            let depth = (try? await store.queueDepth()) ?? []
            return depth.allSatisfy { $0.queued == 0 && $0.running == 0 }
        }
    }

    func artifacts(_ id: String) async throws -> [String: Artifact] {
        Dictionary(uniqueKeysWithValues: try await store.artifacts(tenant: tenant, run: id).map { ($0.name, $0) })
    }

    func events(_ id: String) async throws -> [RunEvent] {
        try await store.events(tenant: tenant, run: id, after: 0, limit: 100_000)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
