import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    func anotherTenantsRunIsNotFoundEverywhere() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme", "globex"])
        let acme = F.tenant("acme")
        let globex = F.tenant("globex")
        try await F.submit(store, "acme", id: "acme-1", thread: "shared-name")
        try await store.appendEvent(tenant: acme, run: "acme-1", kind: "run.created", data: [:], now: F.t0)
        try await store.putArtifact(tenant: acme, Artifact(run: "acme-1", name: "deliverable", value: "secret"))
        _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(1))
        let before = try await store.run(tenant: acme, id: "acme-1")

        #expect(try await store.run(tenant: globex, id: "acme-1") == nil)
        #expect(try await store.runs(tenant: globex, filter: RunFilter()).isEmpty)
        #expect(try await store.runs(tenant: globex, filter: RunFilter(thread: "shared-name")).isEmpty)
        let attempts: [(String, () async throws -> Void)] = [
            ("cancel", { _ = try await store.cancel(tenant: globex, id: "acme-1", now: F.at(2)) }),
            ("resume", { _ = try await store.resume(tenant: globex, id: "acme-1", value: 1, now: F.at(2)) }),
            (
                "complete",
                {
                    _ = try await store.complete(
                        RunCompletion(tenant: globex, run: "acme-1", status: .succeeded), worker: "w", now: F.at(2))
                }
            ),
            (
                "appendEvent",
                { try await store.appendEvent(tenant: globex, run: "acme-1", kind: "x", data: 1, now: F.t0) }
            ),
            ("events", { _ = try await store.events(tenant: globex, run: "acme-1", after: 0, limit: 10) }),
            (
                "putArtifact",
                { try await store.putArtifact(tenant: globex, Artifact(run: "acme-1", name: "x", value: 1)) }
            ),
            ("artifacts", { _ = try await store.artifacts(tenant: globex, run: "acme-1") }),
        ]
        for (name, attempt) in attempts {
            #expect(await F.errorCode(attempt) == .runNotFound, "\(name) on another tenant's run")
        }
        // Nothing changed, and the same thread name is globex's own thread, not busy.
        #expect(try await store.run(tenant: acme, id: "acme-1") == before)
        #expect(try await store.events(tenant: acme, run: "acme-1", after: 0, limit: 10).count == 1)
        #expect(try await store.artifacts(tenant: acme, run: "acme-1").map(\.value) == ["secret"])
        try await F.submit(store, "globex", id: "globex-1", thread: "shared-name", at: F.at(3))
        // A run id of another tenant cannot be reused either (ids are global), and the cursor of another tenant's
        // run finds nothing.
        #expect(try await store.runs(tenant: globex, filter: RunFilter(before: "acme-1")).isEmpty)
    }

    func usageAndSpendAreSeparatedByTenant() async throws {
        let store = try await make()
        let acme = F.tenant("acme")
        let globex = F.tenant("globex")
        try await store.recordUsage(usage("k1", acme, cost: 1.5))
        try await store.recordUsage(usage("k1", globex, cost: 0.25))
        #expect(try await store.spend(tenant: acme, since: .distantPast) == 1.5)
        #expect(try await store.spend(tenant: globex, since: .distantPast) == 0.25)
        #expect(try await store.usage(tenant: globex, since: .distantPast, by: .run).map(\.costUSD) == [0.25])
    }

    func usage(
        _ key: String, _ tenant: TenantID, cost: Double, run: String? = "run-1", node: String? = "draft",
        model: String = "smollm2", at time: Date = F.t0
    ) -> UsageRecord {
        UsageRecord(
            key: key, tenant: tenant, run: run, node: node, model: model, promptTokens: 100, completionTokens: 10,
            costUSD: cost, cached: false, latencySeconds: 0.5, time: time)
    }
}
