import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    // MARK: Tenants

    func tenantsAreCreatedReadListedAndUpdated() async throws {
        let store = try await make()
        let acme = TenantRecord(
            id: F.tenant("acme"), tier: 2, budgetUSD: 50, budgetPeriodSeconds: 86400 * 30, maxConcurrentRuns: 3,
            created: F.t0)
        try await store.createTenant(acme)
        try await store.createTenant(TenantRecord(id: F.tenant("globex"), created: F.t0))
        #expect(try await store.tenant(F.tenant("acme")) == acme)
        #expect(try await store.tenant(F.tenant("initech")) == nil)
        #expect(try await store.tenants().map(\.id.rawValue) == ["acme", "globex"])
        var changed = acme
        changed.tier = 3
        changed.budgetUSD = nil
        try await store.updateTenant(changed)
        #expect(try await store.tenant(F.tenant("acme")) == changed)
    }

    func duplicateAndUnknownTenantsAreRefused() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"], tier: 2)
        let code = await F.errorCode { try await store.createTenant(TenantRecord(id: F.tenant("acme"), tier: 1)) }
        #expect(code == .tenantExists)
        #expect(try await store.tenant(F.tenant("acme"))?.tier == 2)
        #expect(
            await F.errorCode { try await store.updateTenant(TenantRecord(id: F.tenant("nobody"))) } == .unknownTenant)
        #expect(try await store.tenants().count == 1)
    }

    // MARK: Submit

    func submitQueuesARunOnItsOwnThread() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let result = try await store.submit(F.submission("acme"), id: "run-1", now: F.t0)
        #expect(result.created)
        #expect(result.displaced == nil && !result.dropThread)
        #expect(result.run.status == .queued)
        #expect(result.run.thread == "run-1")
        #expect(result.run.input == ["q": "hello"])
        #expect(result.run.created == F.t0)
        #expect(result.run.attempts == 0 && result.run.leaseOwner == nil)
        #expect(try await store.run(tenant: F.tenant("acme"), id: "run-1") == result.run)
    }

    func submitRefusesUnknownTenantsAndTakenIDs() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        #expect(await F.errorCode { try await F.submit(store, "nobody", id: "run-1") } == .unknownTenant)
        #expect(try await store.run(tenant: F.tenant("nobody"), id: "run-1") == nil)
        try await F.submit(store, "acme", id: "run-1")
        #expect(await F.errorCode { try await F.submit(store, "acme", id: "run-1", thread: "other") } == .runExists)
        #expect(try await store.runs(tenant: F.tenant("acme"), filter: RunFilter()).count == 1)
    }

    func idempotencyKeyReturnsTheFirstRun() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme", "globex"])
        let first = try await store.submit(F.submission("acme", key: "k1"), id: "run-1", now: F.t0)
        let again = try await store.submit(F.submission("acme", key: "k1"), id: "run-2", now: F.at(5))
        #expect(!again.created)
        #expect(again.run == first.run)
        #expect(try await store.run(tenant: F.tenant("acme"), id: "run-2") == nil)
        // Same key, other input or workflow: a conflict, nothing stored.
        let otherInput = await F.errorCode {
            _ = try await store.submit(F.submission("acme", input: ["q": "bye"], key: "k1"), id: "run-3", now: F.t0)
        }
        #expect(otherInput == .idempotencyConflict)
        let otherWorkflow = await F.errorCode {
            _ = try await store.submit(F.submission("acme", key: "k1", workflow: "seo"), id: "run-3", now: F.t0)
        }
        #expect(otherWorkflow == .idempotencyConflict)
        // Keys are per tenant.
        let globex = try await store.submit(F.submission("globex", key: "k1"), id: "run-4", now: F.t0)
        #expect(globex.created && globex.run.tenant.rawValue == "globex")
        #expect(try await store.runs(tenant: F.tenant("acme"), filter: RunFilter()).map(\.id) == ["run-1"])
    }

    func runsAreListedNewestFirstWithFiltersAndCursor() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        for i in 0..<6 {
            _ = try await store.submit(
                F.submission(
                    "acme", thread: i.isMultiple(of: 2) ? "even-\(i)" : "odd-\(i)",
                    workflow: i < 3 ? "agency" : "seo"),
                id: "run-\(i)", now: F.at(Double(i)))
        }
        let acme = F.tenant("acme")
        #expect(
            try await store.runs(tenant: acme, filter: RunFilter()).map(\.id) == (0..<6).reversed().map { "run-\($0)" })
        #expect(
            try await store.runs(tenant: acme, filter: RunFilter(workflow: "seo")).map(\.id) == [
                "run-5", "run-4", "run-3",
            ])
        #expect(try await store.runs(tenant: acme, filter: RunFilter(thread: "odd-1")).map(\.id) == ["run-1"])
        #expect(
            try await store.runs(tenant: acme, filter: RunFilter(createdSince: F.at(4))).map(\.id) == [
                "run-5", "run-4",
            ])
        let page1 = try await store.runs(tenant: acme, filter: RunFilter(limit: 4))
        let page2 = try await store.runs(tenant: acme, filter: RunFilter(before: page1.last?.id, limit: 4))
        #expect(page1.map(\.id) == ["run-5", "run-4", "run-3", "run-2"])
        #expect(page2.map(\.id) == ["run-1", "run-0"])
        _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(10))
        #expect(try await store.runs(tenant: acme, filter: RunFilter(status: .running)).map(\.id) == ["run-0"])
    }

    // MARK: Cancel

    func cancelStopsQueuedAndRunningRunsAndRefusesFinishedOnes() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        try await F.submit(store, "acme", id: "run-2", at: F.at(1))
        let cancelled = try await store.cancel(tenant: acme, id: "run-1", now: F.at(2))
        #expect(cancelled.status == .cancelled && cancelled.finished == F.at(2))
        // A running run is asked to stop; it stays running until its worker ends it.
        let claimed = try await store.claim(worker: "w1", limit: 5, lease: F.lease, now: F.at(3))
        #expect(claimed.map(\.id) == ["run-2"])
        let stopping = try await store.cancel(tenant: acme, id: "run-2", now: F.at(4))
        #expect(stopping.status == .running && stopping.stopRequested)
        let beat = try await store.heartbeat(worker: "w1", runs: ["run-2"], lease: F.lease, now: F.at(5))
        #expect(beat.stopRequested == ["run-2"] && beat.lost.isEmpty)
        let ended = try await store.complete(
            RunCompletion(tenant: acme, run: "run-2", status: .cancelled), worker: "w1", now: F.at(6))
        #expect(ended.status == .cancelled)
        // Finished: run_finished and no change.
        #expect(
            await F.errorCode { _ = try await store.cancel(tenant: acme, id: "run-2", now: F.at(7)) } == .runFinished)
        #expect(try await store.run(tenant: acme, id: "run-2") == ended)
        #expect(
            await F.errorCode { _ = try await store.cancel(tenant: acme, id: "nope", now: F.at(7)) } == .runNotFound)
    }

    func aCancelledRunWhoseWorkerDiedEndsCancelledNotResumed() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        try await F.submit(store, "acme", id: "run-1")
        _ = try await store.claim(worker: "w1", limit: 1, lease: F.lease, now: F.t0)
        _ = try await store.cancel(tenant: F.tenant("acme"), id: "run-1", now: F.at(1))
        // w1 dies; after the lease lapses nobody gets the run, it ends cancelled.
        #expect(try await store.claim(worker: "w2", limit: 1, lease: F.lease, now: F.at(60)).isEmpty)
        #expect(try await store.run(tenant: F.tenant("acme"), id: "run-1")?.status == .cancelled)
    }
}
