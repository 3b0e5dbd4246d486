import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    func rejectRefusesABusyThreadAndStoresNothing() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        try await F.submit(store, "acme", id: "run-1", thread: "t")
        #expect(await F.errorCode { try await F.submit(store, "acme", id: "run-2", thread: "t") } == .threadBusy)
        #expect(try await store.run(tenant: F.tenant("acme"), id: "run-2") == nil)
        // A finished run does not make the thread busy.
        _ = try await store.cancel(tenant: F.tenant("acme"), id: "run-1", now: F.at(1))
        try await F.submit(store, "acme", id: "run-2", thread: "t", at: F.at(2))
    }

    func enqueueWaitsBehindTheActiveRun() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1", thread: "t")
        let second = try await store.submit(
            F.submission("acme", thread: "t", multitask: .enqueue), id: "run-2", now: F.at(1))
        #expect(second.created && second.displaced == nil && second.run.status == .queued)
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(2)).map(\.id) == ["run-1"])
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(3)).isEmpty)
        // Waiting for approval still holds the thread.
        _ = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .interrupted, interrupt: ["draft": "x"]), worker: "w",
            now: F.at(4))
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(5)).isEmpty)
        _ = try await store.resume(tenant: acme, id: "run-1", value: ["decision": "approve"], now: F.at(6))
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(7)).map(\.id) == ["run-1"])
        _ = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .succeeded, output: "done"), worker: "w", now: F.at(8))
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(9)).map(\.id) == ["run-2"])
    }

    func interruptStopsTheRunningRunAndContinuesTheThread() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1", thread: "t")
        _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(1))
        let result = try await store.submit(
            F.submission("acme", thread: "t", input: ["q": "new"], multitask: .interrupt), id: "run-2", now: F.at(2))
        #expect(result.created && !result.dropThread)
        #expect(result.displaced?.id == "run-1")
        #expect(result.displaced?.status == .running && result.displaced?.stopRequested == true)
        // The new run waits until the old one stops.
        #expect(try await store.claim(worker: "w2", limit: 5, lease: F.lease, now: F.at(3)).isEmpty)
        let beat = try await store.heartbeat(worker: "w", runs: ["run-1"], lease: F.lease, now: F.at(3))
        #expect(beat.stopRequested == ["run-1"])
        // Reaching an interrupt after the stop request ends it cancelled: nobody would answer it.
        let stopped = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .interrupted, interrupt: ["x": 1]), worker: "w",
            now: F.at(4))
        #expect(stopped.status == .cancelled)
        let next = try await store.claim(worker: "w2", limit: 5, lease: F.lease, now: F.at(5))
        #expect(next.map(\.id) == ["run-2"])
        #expect(next.first?.thread == "t")
    }

    func interruptCancelsAQueuedOrWaitingRunAtOnce() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1", thread: "t")
        let first = try await store.submit(
            F.submission("acme", thread: "t", multitask: .interrupt), id: "run-2", now: F.at(1))
        #expect(first.displaced?.id == "run-1" && first.displaced?.status == .cancelled)
        // An interrupted (waiting) run is cancelled at once too.
        _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(2))
        _ = try await store.complete(
            RunCompletion(tenant: acme, run: "run-2", status: .interrupted, interrupt: ["x": 1]), worker: "w",
            now: F.at(3))
        let second = try await store.submit(
            F.submission("acme", thread: "t", multitask: .interrupt), id: "run-3", now: F.at(4))
        #expect(second.displaced?.id == "run-2" && second.displaced?.status == .cancelled)
        #expect(
            await F.errorCode { _ = try await store.resume(tenant: acme, id: "run-2", value: "ok", now: F.at(5)) }
                == .runNotInterrupted)
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(6)).map(\.id) == ["run-3"])
    }

    func rollbackCancelsTheActiveRunAndAsksToDropTheThread() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1", thread: "t")
        _ = try await store.submit(F.submission("acme", thread: "t", multitask: .enqueue), id: "run-2", now: F.at(1))
        _ = try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(2))
        let result = try await store.submit(
            F.submission("acme", thread: "t", multitask: .rollback), id: "run-3", now: F.at(3))
        #expect(result.dropThread)
        #expect(result.displaced?.id == "run-1" && result.displaced?.stopRequested == true)
        // The run queued behind it is cancelled at once; the running one when its worker stops.
        #expect(try await store.run(tenant: acme, id: "run-2")?.status == .cancelled)
        _ = try await store.complete(
            RunCompletion(tenant: acme, run: "run-1", status: .cancelled), worker: "w", now: F.at(4))
        #expect(try await store.claim(worker: "w", limit: 5, lease: F.lease, now: F.at(5)).map(\.id) == ["run-3"])
    }

    func aRepeatedSubmitOnABusyThreadReturnsTheFirstRun() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let first = try await store.submit(F.submission("acme", thread: "t", key: "k"), id: "run-1", now: F.t0)
        let again = try await store.submit(F.submission("acme", thread: "t", key: "k"), id: "run-2", now: F.at(1))
        #expect(!again.created && again.run.id == first.run.id)
    }
}
