import Foundation
import SwitchyardCore
import SwitchyardRuntime

/// Enqueue→start latency: with a pool of `workers` workers running, `paced` runs are submitted one every
/// `interval` (below what the pool can take, so the wait is the pickup, not a backlog). The latency of a run is
/// its record's `started − created` (both stamped by this process's clock: at submit and at claim).
func benchLatency(
    _ options: BenchOptions, workers: Int, interval: Duration, poll: Duration
) async throws -> JSONValue {
    let pollMS = Int(poll.inMilliseconds)
    let deployment = try await Deployment(
        directory: options.workdir + "/latency-\(workers)-\(pollMS)", durable: options.durable,
        durability: options.durability,
        tenants: [("bench", max(4, workers))])
    let tenant = try TenantID("bench")
    let pool = deployment.pool(concurrency: workers, poll: poll)
    let worker = Task { try await pool.run() }
    defer { worker.cancel() }

    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<options.paced {
        try await clock.sleep(until: start + interval * i)
        _ = try await deployment.submit(tenant, "run \(i)")
    }
    let deadline = clock.now + .seconds(120)
    while await !deployment.idle() {
        guard clock.now < deadline else { throw BenchError("latency runs did not finish in 120 s") }
        try await Task.sleep(for: .milliseconds(20))
    }
    worker.cancel()
    _ = await worker.result

    let runs = try await deployment.checkedRuns(tenant, count: options.paced)
    let waits = runs.compactMap { run in run.started.map { $0.timeIntervalSince(run.created) } }
    let totals = runs.compactMap { run in run.finished.map { $0.timeIntervalSince(run.created) } }
    return [
        "workers": .int(workers), "runs": .int(runs.count), "interval_ms": .int(Int(interval.inMilliseconds)),
        "poll_ms": .int(pollMS), "enqueue_to_start": percentiles(waits), "enqueue_to_finish": percentiles(totals),
    ]
}
