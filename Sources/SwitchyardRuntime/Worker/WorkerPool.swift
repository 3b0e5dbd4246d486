import CoreMetrics
import Foundation
import Logging
import Synchronization
import SwitchyardCore

/// Claims runs from the queue and executes them, `concurrency` at a time, holding a lease on each and renewing
/// it by heartbeat. A run asked to stop (cancel, multitask interrupt or rollback) or whose lease was lost is
/// cancelled at its next step; a worker that dies leaves its leases to expire and another takes the runs over
/// from their last checkpoint.
public struct WorkerPool: Sendable {
    public var store: any RunStore
    public var executor: RunExecutor
    /// This worker's id in leases (host, process and a random part by default).
    public var workerID: String
    public var concurrency: Int
    /// How long a claim holds without a heartbeat; heartbeats come every third of it.
    public var lease: Duration
    /// How often an idle worker looks for work.
    public var pollInterval: Duration
    public var logger: Logger

    /// A worker pool.
    /// - Parameters:
    ///   - store: The run queue.
    ///   - executor: Executes the claimed runs.
    ///   - workerID: This worker's id in leases.
    ///   - concurrency: Runs executed at once (at least 1).
    ///   - lease: How long a claim holds without a heartbeat.
    ///   - pollInterval: How often an idle worker looks for work.
    ///   - logger: Where failures are logged.
    public init(
        store: any RunStore, executor: RunExecutor, workerID: String = WorkerPool.defaultID(),
        concurrency: Int = 4, lease: Duration = .seconds(15), pollInterval: Duration = .milliseconds(100),
        logger: Logger = Logger(label: "switchyard.worker")
    ) {
        self.store = store
        self.executor = executor
        self.workerID = workerID
        self.concurrency = max(1, concurrency)
        self.lease = lease
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// `host-pid-random`.
    public static func defaultID() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt16.random(in: .min ... .max))"
    }

    /// Works until cancelled, or until `done` says to stop (checked whenever a run ends and when idle), or until
    /// `draining` is set and the runs in hand are handed back.
    /// - Parameters:
    ///   - done: `true` ends the loop once the runs in hand have stopped.
    ///   - draining: once set (a graceful shutdown), nothing more is claimed, each run in hand stops at its next
    ///     step and goes back to the queue with its checkpoints (``RunStore/release(tenant:id:worker:now:)``),
    ///     and the loop ends: another worker, or this one after a restart, continues those runs exactly once.
    /// - Throws: The store's errors from claiming or waiting for work; `CancellationError`.
    public func run(
        until done: @escaping @Sendable () async -> Bool = { false }, draining: AtomicFlag? = nil
    ) async throws {
        let active = RunSet()
        let stop = RunSet()
        let release = RunSet()
        // A discarding group: a run's task is freed when it ends. A plain task group keeps every finished child
        // until its result is read, which this loop never does: 10 KB per run, an RSS that grew without bound.
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {  // heartbeat
                while !Task.isCancelled {
                    do { try await Task.sleep(for: lease / 3) } catch { return }
                    let held = Array(active.ids.withLock { $0 })
                    guard !held.isEmpty else { continue }
                    do {
                        let result = try await store.heartbeat(worker: workerID, runs: held, lease: lease, now: Date())
                        let halt = result.lost + result.stopRequested
                        if !halt.isEmpty { stop.ids.withLock { $0.formUnion(halt) } }
                    } catch {
                        logger.warning("heartbeat failed", metadata: ["error": "\(error)"])
                    }
                }
            }
            while !Task.isCancelled {
                if draining?.isSet == true {
                    let held = active.ids.withLock { $0 }
                    release.ids.withLock { $0.formUnion(held) }
                    stop.ids.withLock { $0.formUnion(held) }
                    if held.isEmpty { break }
                    try await Task.sleep(for: .milliseconds(10))
                    continue
                }
                // The token comes first: a submit or a run ending after it wakes the wait below.
                let token = store.changeToken()
                let running = active.ids.withLock { $0.count }
                if running < concurrency {
                    let claimed = try await store.claim(
                        worker: workerID, limit: concurrency - running, lease: lease, now: Date())
                    for run in claimed {
                        active.ids.withLock { _ = $0.insert(run.id) }
                        group.addTask {
                            // A slot: each run's completion claims the slot's next run in the same transaction.
                            var next: RunRecord? = run
                            while let run = next {
                                next = nil
                                do {
                                    next = try await execute(
                                        run, stop: stop, release: release, active: active, shutdown: draining)
                                } catch {
                                    // The run stays leased; another worker takes it over once the lease expires.
                                    logger.error(
                                        "could not record the end of run \(run.id)", metadata: ["error": "\(error)"])
                                }
                            }
                        }
                    }
                    if !claimed.isEmpty { continue }
                }
                if running == 0, await done() { break }
                // Wait for work (a submit, a run ending here or anywhere in this process) or the poll interval.
                if store.changes != nil {
                    try await store.waitForChange(.queue, since: token, timeout: pollInterval, poll: pollInterval)
                } else {
                    let deadline = ContinuousClock.now + pollInterval
                    while ContinuousClock.now < deadline, active.ids.withLock({ $0.count }) == running {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
                if active.ids.withLock({ $0.isEmpty }), await done() { break }
            }
            group.cancelAll()
        }
    }

    /// Executes `run` and records how it ended; unless `shutdown` (the pool's `draining`) is set by then,
    /// the same transaction claims the slot's next run, which is returned (already counted in `active`).
    private func execute(
        _ run: RunRecord, stop: RunSet, release: RunSet, active: RunSet, shutdown: AtomicFlag?
    ) async throws -> RunRecord? {
        defer {
            active.ids.withLock { _ = $0.remove(run.id) }
            store.changes?.signal(.queue)  // a slot is free here
        }
        var log = logger
        log[metadataKey: "run.id"] = "\(run.id)"
        log[metadataKey: "tenant.id"] = "\(run.tenant)"
        let completion = await withTaskGroup(of: RunCompletion?.self, returning: RunCompletion?.self) { group in
            group.addTask { await executor.execute(run) }
            group.addTask {
                // Stop when the heartbeat says so, or at once when this process cancels or displaces the run.
                var token = store.changeToken()
                while !Task.isCancelled, !stop.ids.withLock({ $0.contains(run.id) }) {
                    if let changes = store.changes, let since = token {
                        guard await changes.wait(for: .stop(run.id), since: since, timeout: .seconds(1)) else {
                            continue
                        }
                        token = changes.token()  // before the read: a later stop wakes the next wait
                        if let now = try? await store.run(tenant: run.tenant, id: run.id), now.stopRequested {
                            stop.ids.withLock { _ = $0.insert(run.id) }
                        }
                    } else {
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            // Asked to stop: the run's task was cancelled and ends at its next step.
            return await group.next() ?? nil
        }
        stop.ids.withLock { _ = $0.remove(run.id) }
        guard var completion else { return nil }
        do {
            // Stopped for a shutdown: whatever the stop looked like from inside (cancelled, or a node that failed
            // because its work was cancelled), the run goes back to the queue; only a finished or waiting run is
            // completed.
            let draining = release.ids.withLock { $0.remove(run.id) } != nil
            if draining, completion.status != .succeeded, completion.status != .interrupted {
                // The attempt's last events and its metrics are kept; its other artifacts come with the attempt
                // that finishes the run.
                _ = try await store.appendEvents(
                    tenant: run.tenant, run: run.id, events: completion.events.map { ($0.kind, $0.data) },
                    now: Date())
                try await store.putArtifacts(tenant: run.tenant, completion.artifacts.filter { $0.name == "metrics" })
                if try await store.release(tenant: run.tenant, id: run.id, worker: workerID, now: Date()) {
                    try await store.appendEvent(
                        tenant: run.tenant, run: run.id, kind: "run.released",
                        data: ["run_id": .string(run.id), "worker": .string(workerID)], now: Date())
                    log.info("run released to the queue (shutting down)")
                }
                return nil
            }
            if completion.status == .cancelled {
                completion.events.append(.init(kind: "run.cancelled", data: ["run_id": .string(run.id)]))
            }
            // Checked when the run ends, not when it started: a shutdown during a long run claims nothing more.
            let limit = shutdown?.isSet != true && !Task.isCancelled ? 1 : 0
            let (finished, claimed) = try await store.complete(
                completion, worker: workerID, now: Date(), thenClaim: limit, lease: lease)
            log.info("run \(completion.status)")
            // Runs by how they stopped, for `GET /metrics` (an interrupted run stops again after its approval).
            Counter(
                label: "switchyard_runs_ended_total",
                dimensions: [("tenant", run.tenant.rawValue), ("status", finished.status.rawValue)]
            ).increment()
            if let next = claimed.first { active.ids.withLock { _ = $0.insert(next.id) } }
            return claimed.first
        } catch let error as SwitchyardError where error.code == .leaseLost {
            log.info("lease lost; another worker owns the run")
            return nil
        }
    }
}

/// Run ids shared between a pool's tasks.
final class RunSet: Sendable {
    let ids = Mutex<Set<String>>([])
}
