import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

/// The wait of one tenant's single run while another tenant has `flood` runs queued: tenant `flood` queues its
/// runs, a pool of `workers` starts on them, and once it is busy tenant `single` submits one run; its wait is
/// `started − created`. With `drain`, the pool then works the whole flood off, which times the flood's own
/// throughput; otherwise it stops once the single run has started.
func benchFairness(_ options: BenchOptions, workers: Int, rep: Int, drain: Bool) async throws -> JSONValue {
    let deployment = try await Deployment(
        directory: options.workdir + "/fairness-\(rep)", durable: options.durable, durability: options.durability,
        tenants: [("flood", workers), ("single", workers)])
    let flood = try TenantID("flood")
    let single = try TenantID("single")
    let submitStart = ContinuousClock.now
    for i in 0..<options.flood { _ = try await deployment.submit(flood, "flood \(i)") }
    let submitSeconds = seconds(since: submitStart)

    let pool = deployment.pool(concurrency: workers)
    let poolStart = ContinuousClock.now
    let done: @Sendable () async -> Bool
    if drain { done = { await deployment.idle() } } else { done = { false } }
    let worker = Task { try await pool.run(until: done) }
    defer { worker.cancel() }
    // Wait until the pool is busy with the flood: 3 × workers runs claimed, every slot taken.
    let settled = options.flood - 3 * workers
    while (try await deployment.store.queueDepth().first { $0.tenant == flood }?.queued ?? 0) > settled {
        try await Task.sleep(for: .milliseconds(2))
    }
    let floodQueued = try await deployment.store.queueDepth().first { $0.tenant == flood }?.queued ?? 0
    let run = try await deployment.submit(single, "single")
    var startedAt: Date?
    while startedAt == nil {
        try await Task.sleep(for: .milliseconds(1))
        startedAt = try await deployment.store.run(tenant: single, id: run.id)?.started
    }
    let wait = startedAt.map { $0.timeIntervalSince(run.created) } ?? 0
    var result: [String: JSONValue] = [
        "rep": .int(rep), "flood_queued_at_submit": .int(floodQueued), "single_wait_ms": ms(wait),
        "flood_submit_s": rounded(submitSeconds, 3),
        "flood_submits_per_s": rounded(Double(options.flood) / submitSeconds, 1),
    ]
    if drain {
        _ = try await worker.value
        let drainSeconds = seconds(since: poolStart)
        _ = try await deployment.checkedRuns(flood, count: options.flood)
        let singleRuns = try await deployment.checkedRuns(single, count: 1)
        result["flood_drain_s"] = rounded(drainSeconds, 3)
        result["flood_runs_per_s"] = rounded(Double(options.flood + 1) / drainSeconds, 1)
        result["single_enqueue_to_finish_ms"] = singleRuns.first?.finished.map { ms($0.timeIntervalSince(run.created)) }
    } else {
        worker.cancel()
        _ = await worker.result
    }
    return .object(result)
}
