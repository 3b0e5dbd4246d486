import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

/// Durable runs per second through the queue with `workers` workers: `runs` runs of the chain are submitted by
/// `workers` concurrent clients (timed: each submit is a durable run record plus its `run.created` event), then one
/// pool drains them (timed
/// from the pool's start until the queue is empty). A few runs go through first, untimed, to warm up.
func benchThroughput(_ options: BenchOptions, workers: Int) async throws -> JSONValue {
    let deployment = try await Deployment(
        directory: options.workdir + "/throughput-\(workers)", durable: options.durable, durability: options.durability,
        tenants: [("bench", max(4, workers))])
    let tenant = try TenantID("bench")
    for i in 0..<3 { _ = try await deployment.submit(tenant, "warm \(i)") }
    try await deployment.drain(concurrency: workers)

    // As many clients submit at once as there are workers (LangGraph's side starts its runs from as many asyncio
    // tasks): concurrent submits share the writer's transactions, as an API server's clients do.
    let submitStart = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for client in 0..<workers {
            group.addTask {
                for i in stride(from: client, to: options.runs, by: workers) {
                    _ = try await deployment.submit(tenant, "run \(i)")
                }
            }
        }
        try await group.waitForAll()
    }
    let submitSeconds = seconds(since: submitStart)
    let drainStart = ContinuousClock.now
    try await deployment.drain(concurrency: workers)
    let drainSeconds = seconds(since: drainStart)

    let runs = try await deployment.checkedRuns(tenant, count: options.runs + 3)
        .filter { $0.input["request"]?.stringValue?.hasPrefix("run ") == true }
    guard runs.count == options.runs else { throw BenchError("\(runs.count) of \(options.runs) runs found") }
    let (events, artifacts) = try await deployment.rows(runs[0])
    let durations = runs.compactMap { run in run.finished.flatMap { f in run.started.map { f.timeIntervalSince($0) } } }
    return [
        "workers": .int(workers), "submitters": .int(workers), "runs": .int(options.runs),
        "synchronous": .array(try deployment.synchronous().map(JSONValue.int)),
        "submit_s": rounded(submitSeconds, 3), "submits_per_s": rounded(Double(options.runs) / submitSeconds, 1),
        "drain_s": rounded(drainSeconds, 3), "runs_per_s": rounded(Double(options.runs) / drainSeconds, 1),
        "runs_per_s_with_submit": rounded(Double(options.runs) / (submitSeconds + drainSeconds), 1),
        "run_claim_to_finish": percentiles(durations),
        "db_bytes": .int(deployment.store.fileBytes()), "events_per_run": .int(events),
        "artifacts_per_run": .int(artifacts),
    ]
}
