import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    func claimLeasesRunsOldestFirst() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        for i in [2, 0, 1] { try await F.submit(store, "acme", id: "run-\(i)", at: F.at(Double(i))) }
        let claimed = try await store.claim(worker: "w1", limit: 2, lease: F.lease, now: F.at(10))
        #expect(claimed.map(\.id) == ["run-0", "run-1"])
        for run in claimed {
            #expect(run.status == .running && run.leaseOwner == "w1" && run.attempts == 1)
            #expect(run.leaseExpires == F.at(40) && run.started == F.at(10))
        }
        #expect(try await store.claim(worker: "w2", limit: 0, lease: F.lease, now: F.at(10)).isEmpty)
    }

    func completeThenClaimHandsTheSlotToTheNextRun() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        for i in 1...3 { try await F.submit(store, "acme", id: "run-\(i)", at: F.at(Double(i))) }
        _ = try await store.claim(worker: "w1", limit: 1, lease: F.lease, now: F.at(10))
        let (finished, claimed) = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .succeeded, output: "one"), worker: "w1",
            now: F.at(11), thenClaim: 1, lease: F.lease)
        #expect(finished.status == .succeeded && finished.output == "one" && finished.finished == F.at(11))
        #expect(claimed.map(\.id) == ["run-2"])
        #expect(claimed.first?.leaseOwner == "w1" && claimed.first?.leaseExpires == F.at(41))
        #expect(try await store.run(tenant: acme, id: "run-2")?.status == .running)
        // Limit 0 completes and claims nothing.
        let (_, none) = try await store.complete(
            RunCompletion(tenant: acme, run: "run-2", status: .succeeded, output: "two"), worker: "w1",
            now: F.at(12), thenClaim: 0, lease: F.lease)
        #expect(none.isEmpty)
        #expect(try await store.run(tenant: acme, id: "run-3")?.status == .queued)
        // A completion whose lease was lost changes nothing and claims nothing.
        _ = try await store.claim(worker: "w1", limit: 1, lease: F.lease, now: F.at(13))
        let lost = await F.errorCode {
            _ = try await store.complete(
                RunCompletion(tenant: acme, run: "run-3", status: .succeeded, output: "stale"), worker: "w2",
                now: F.at(14), thenClaim: 1, lease: F.lease)
        }
        #expect(lost == .leaseLost)
        let three = try await store.run(tenant: acme, id: "run-3")
        #expect(three?.status == .running && three?.leaseOwner == "w1" && three?.output == nil)
    }

    func anExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        _ = try await store.claim(worker: "w1", limit: 1, lease: F.lease, now: F.t0)
        #expect(try await store.claim(worker: "w2", limit: 1, lease: F.lease, now: F.at(29)).isEmpty)
        #expect(try await store.stuckRuns(now: F.at(29), grace: .zero).isEmpty)
        // w1 stops heartbeating (killed): stuck once the lease lapses, then claimable.
        #expect(try await store.stuckRuns(now: F.at(45), grace: .seconds(10)).map(\.id) == ["run-1"])
        #expect(try await store.stuckRuns(now: F.at(45), grace: .seconds(20)).isEmpty)
        let taken = try await store.claim(worker: "w2", limit: 1, lease: F.lease, now: F.at(31))
        #expect(taken.map(\.id) == ["run-1"])
        #expect(taken.first?.leaseOwner == "w2" && taken.first?.attempts == 2 && taken.first?.started == F.t0)
        let beat = try await store.heartbeat(worker: "w1", runs: ["run-1"], lease: F.lease, now: F.at(32))
        #expect(beat.lost == ["run-1"])
        let late = await F.errorCode {
            _ = try await store.complete(
                RunCompletion(tenant: acme, run: "run-1", status: .succeeded, output: "stale"), worker: "w1",
                now: F.at(33))
        }
        #expect(late == .leaseLost)
        #expect(try await store.run(tenant: acme, id: "run-1")?.output == nil)
        let done = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .succeeded, output: "fresh"), worker: "w2", now: F.at(34))
        #expect(done.status == .succeeded && done.output == "fresh" && done.finished == F.at(34))
    }

    func aRenewedLeaseIsNeverTakenOverHoweverLongTheRunTakes() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        try await F.submit(store, "acme", id: "run-1")
        _ = try await store.claim(worker: "w1", limit: 1, lease: F.lease, now: F.t0)
        var generator = SplitMix64(seed: 7)
        var time = 0.0
        // Two hours of heartbeats at irregular intervals, each within the lease; a rival claims in between.
        while time < 7200 {
            let step = Double.random(in: 1..<29.9, using: &generator)
            #expect(
                try await store.claim(worker: "w2", limit: 5, lease: F.lease, now: F.at(time + step * 0.99)).isEmpty,
                "taken over at \(time + step * 0.99) s (seed 7)")
            time += step
            let beat = try await store.heartbeat(worker: "w1", runs: ["run-1"], lease: F.lease, now: F.at(time))
            #expect(beat.lost.isEmpty, "lease lost at \(time) s (seed 7)")
        }
        #expect(try await store.run(tenant: F.tenant("acme"), id: "run-1")?.attempts == 1)
    }

    func aLateHeartbeatKeepsALeaseNobodyTook() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        try await F.submit(store, "acme", id: "run-1")
        _ = try await store.claim(worker: "w1", limit: 1, lease: F.lease, now: F.t0)
        let beat = try await store.heartbeat(worker: "w1", runs: ["run-1", "unknown"], lease: F.lease, now: F.at(40))
        #expect(beat.lost == ["unknown"])
        #expect(try await store.claim(worker: "w2", limit: 1, lease: F.lease, now: F.at(60)).isEmpty)
    }

    func perTenantConcurrencyAndOneRunPerThreadAreRespected() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"], maxConcurrent: 2)
        let acme = F.tenant("acme")
        for i in 0..<5 { try await F.submit(store, "acme", id: "run-\(i)", at: F.at(Double(i))) }
        let first = try await store.claim(worker: "w", limit: 10, lease: F.lease, now: F.at(10))
        #expect(first.map(\.id) == ["run-0", "run-1"])
        #expect(try await store.claim(worker: "w", limit: 10, lease: F.lease, now: F.at(11)).isEmpty)
        _ = try await store.complete(
            RunCompletion(tenant: acme, run: "run-0", status: .succeeded), worker: "w", now: F.at(12))
        #expect(try await store.claim(worker: "w", limit: 10, lease: F.lease, now: F.at(13)).map(\.id) == ["run-2"])
        // An expired lease frees its slot: the claim takes the expired run first (it is the oldest).
        let later = try await store.claim(worker: "w2", limit: 10, lease: F.lease, now: F.at(100))
        #expect(later.map(\.id) == ["run-1", "run-2"])
        let depth = try await store.queueDepth()
        #expect(depth == [QueueDepth(tenant: acme, queued: 2, running: 2, oldestQueued: F.at(3))])
    }

    func resumeIsACompareAndSet() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        #expect(
            await F.errorCode { _ = try await store.resume(tenant: acme, id: "run-1", value: 1, now: F.t0) }
                == .runNotInterrupted)
        _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.t0)
        let waiting = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .interrupted, interrupt: ["deliverable": "draft"]),
            worker: "w", now: F.at(1))
        #expect(waiting.status == .interrupted && waiting.interrupt == ["deliverable": "draft"])
        #expect(waiting.finished == nil && waiting.leaseExpires == nil)
        let resumed = try await store.resume(tenant: acme, id: "run-1", value: ["decision": "approve"], now: F.at(2))
        #expect(resumed.status == .queued && resumed.resume == ["decision": "approve"] && resumed.interrupt == nil)
        #expect(
            await F.errorCode { _ = try await store.resume(tenant: acme, id: "run-1", value: 2, now: F.at(3)) }
                == .runNotInterrupted)
        let again = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(4))
        #expect(again.first?.resume == ["decision": "approve"] && again.first?.attempts == 2)
        let done = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .succeeded, output: "ok"), worker: "w", now: F.at(5))
        #expect(done.resume == nil)
        #expect(
            await F.errorCode { _ = try await store.resume(tenant: acme, id: "nope", value: 1, now: F.at(6)) }
                == .runNotFound)
    }

    func completeRecordsFailuresAndRefusesNonFinalStatuses() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.t0)
        let bad = await F.errorCode {
            _ = try await store.complete(
                RunCompletion(tenant: acme, run: "run-1", status: .queued), worker: "w", now: F.at(1))
        }
        #expect(bad == .invalidArgument)
        let failed = try await store.complete(
            RunCompletion(
                tenant: acme, run: "run-1", status: .failed, errorCode: "node_failed", errorMessage: "draft broke"),
            worker: "w", now: F.at(2))
        #expect(failed.status == .failed && failed.errorCode == "node_failed")
        #expect(failed.output == ["code": "node_failed", "message": "draft broke"])
        let again = await F.errorCode {
            _ = try await store.complete(
                RunCompletion(tenant: acme, run: "run-1", status: .succeeded), worker: "w", now: F.at(3))
        }
        #expect(again == .leaseLost)
        #expect(try await store.run(tenant: acme, id: "run-1")?.status == .failed)
    }
}
