// Benchmarks of the run queue and its workers: the Switchyard side of bench/runtime/run
// (bench/runtime/langgraph_bench.py is the LangGraph side). Prints one JSON object on stdout; progress on stderr.
//
//   SwitchyardRuntimeBench --workdir DIR [--quick] [--runs N] [--workers 1,2,4] [--paced N] [--flood N]
//                          [--interval-ms N] [--reps N] [--sync full|normal] [--durability sync|async|exit]
//                          [--only throughput,latency,fairness,fsync]
//
// Every part uses a fresh data dir (one SQLite file: queue, events, artifacts, checkpoints), the workflow
// `chain6` (six `transform` nodes, a checkpoint after every step) and worker pools in this process
// (`WorkerPool` concurrency = workers, as `switchyard worker --concurrency N`).
//   throughput  N runs submitted, then drained by a pool of W workers: runs/s (drain, and with the submits).
//   latency     runs submitted one every 250 ms (below capacity) while W workers wait: enqueue→start p50/p99.
//   fairness    one tenant's single run while another has queued 1,000: its wait; the flood's own runs/s.
//   fsync       one fdatasync of 4 KiB on the bench's disk.
import Foundation
import SwitchyardCore

let options: BenchOptions
do {
    options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    log("\(error)")
    exit(2)
}
try FileManager.default.createDirectory(atPath: options.workdir, withIntermediateDirectories: true)

var result: [String: JSONValue] = [
    "runtime": "switchyard", "workflow": .string(ChainWorkflow.name), "nodes": .int(ChainWorkflow.steps),
    "synchronous": .string(options.durable ? "FULL" : "NORMAL"), "in_process_pools": true,
    "durability": .string(options.durability),
]
if options.only.contains("fsync") {
    log("fsync")
    result["fsync"] = try benchFsync(workdir: options.workdir, count: 100)
}
if options.only.contains("throughput") {
    var rows: [String: JSONValue] = [:]
    for workers in options.workers {
        log("throughput, \(workers) worker(s), \(options.runs) runs")
        rows["\(workers)"] = try await benchThroughput(options, workers: workers)
    }
    result["throughput"] = .object(rows)
}
if options.only.contains("latency") {
    var rows: [String: JSONValue] = [:]
    let interval = Duration.milliseconds(options.intervalMS)
    for workers in options.workers {
        log("latency, \(workers) worker(s), \(options.paced) paced runs")
        rows["\(workers)"] = try await benchLatency(
            options, workers: workers, interval: interval, poll: .milliseconds(100))
    }
    if let most = options.workers.max() {
        log("latency, \(most) worker(s), idle poll 10 ms")
        rows["\(most)-poll10"] = try await benchLatency(
            options, workers: most, interval: interval, poll: .milliseconds(10))
    }
    result["latency"] = .object(rows)
}
if options.only.contains("fairness") {
    let workers = options.workers.max() ?? 4
    var reps: [JSONValue] = []
    for rep in 1...options.reps {
        log("fairness \(rep)/\(options.reps): \(options.flood) flood runs, \(workers) workers")
        reps.append(try await benchFairness(options, workers: workers, rep: rep, drain: rep == 1))
    }
    let waits = reps.compactMap { rep -> Double? in
        if case .double(let value)? = rep["single_wait_ms"] { return value }
        return nil
    }
    var fairness: [String: JSONValue] = [
        "workers": .int(workers), "flood": .int(options.flood), "reps": .array(reps),
        "single_wait_ms_p50": rounded(median(waits)), "flood_runs_per_s": reps.first?["flood_runs_per_s"] ?? .null,
    ]
    // What the single run would wait in one first-come queue: the flood queued ahead of it, at the flood's rate.
    let ahead = reps.first?["flood_queued_at_submit"]?.intValue ?? 0
    if case .double(let rate)? = reps.first?["flood_runs_per_s"], rate > 0 {
        fairness["fifo_wait_estimate_ms"] = ms(Double(ahead) / rate)
    }
    result["fairness"] = .object(fairness)
}
try? FileManager.default.removeItem(atPath: options.workdir)
print(JSONValue.object(result).jsonText)
