// Benchmarks of the graph runtime: the Switchyard side of bench/graph/run (bench/graph/langgraph_bench.py is the
// LangGraph side, with the same workloads). Prints one JSON object on stdout; progress goes to stderr.
//
//   SwitchyardBench graph --workdir DIR [--quick] [--turns N] [--skip chat] [--only seq:sqlite[,fsync…]]
//
// Workloads:
//   seq         10-node sequential graph, trivial nodes (counter += 1, append a 2-character string); a new thread
//               per invoke; per-step time = invoke time / 10. Kinds: none (compiled without a checkpointer),
//               memory (InMemoryCheckpointer), sqlite / sqlite-async (synchronous=NORMAL, durability .sync /
//               .async), sqlite-full / sqlite-full-async (synchronous=FULL: fsync per commit).
//   fanout      start -> 5 parallel nodes -> join; a new thread per invoke; time per invoke.
//   concurrent  C runs at once (C = 1, 10, 50), each invoking the seq graph on new threads for a few seconds, on
//               one SQLiteCheckpointer with fsync per commit; node-steps per second, and how many commits shared
//               each transaction (group commit).
//   fsync       what one fdatasync of a 4 KiB overwrite costs on the bench's disk, probed once after each timed
//               invoke of the fsync workloads; beside it (`fsync_step_bytes`) one of a step's WAL bytes (5 frames of
//               4 KiB pages, 20,600 bytes: what a FULL step's commit writes), probed next to it (so both in the
//               same seconds as the steps they are compared with).
//   chat        one thread, N turns; the input appends a ~400-character random user message, the node appends a
//               ~400-character random reply; bytes stored at given turns, time per turn.
import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage

// MARK: - States and graphs

struct Seq: GraphState {
    var counter = 0
    var log: [String] = []
    static let channels: [Channel<Seq>] = [
        Channel("counter", \.counter),
        Channel("log", \.log, reducer: .append),
    ]
}

struct Fan: GraphState {
    var counter = 0
    var results: [String] = []
    var joined = 0
    static let channels: [Channel<Fan>] = [
        Channel("counter", \.counter),
        Channel("results", \.results, reducer: .append),
        Channel("joined", \.joined),
    ]
}

struct Chat: GraphState {
    var messages: [String] = []
    static let channels: [Channel<Chat>] = [Channel("messages", \.messages, reducer: .append)]
}

func seqGraph(_ checkpointer: (any Checkpointer)?) throws -> CompiledGraph<Seq> {
    var g = StateGraph(Seq.self)
    let names = (0..<10).map { "n\($0)" }
    for name in names {
        g.addNode(name) { state, _ in [.write(\.counter, state.counter + 1), .write(\.log, [name])] }
    }
    g.setEntry(names[0])
    for (a, b) in zip(names, names.dropFirst()) { g.addEdge(from: a, to: b) }
    g.addEdge(from: names[names.count - 1], to: END)
    return try checkpointer.map { try g.compile(checkpointer: $0, name: "bench-seq") } ?? g.compile(name: "bench-seq")
}

func fanGraph(_ checkpointer: (any Checkpointer)?) throws -> CompiledGraph<Fan> {
    var g = StateGraph(Fan.self)
    g.addNode("start") { state, _ in [.write(\.counter, state.counter + 1)] }
    for branch in (0..<5).map({ "b\($0)" }) {
        g.addNode(branch) { _, _ in [.write(\.results, [branch])] }
        g.addEdge(from: "start", to: branch)
        g.addEdge(from: branch, to: "join")
    }
    g.addNode("join") { state, _ in [.write(\.joined, state.results.count)] }
    g.setEntry("start")
    g.addEdge(from: "join", to: END)
    return try checkpointer.map { try g.compile(checkpointer: $0, name: "bench-fan") } ?? g.compile(name: "bench-fan")
}

func chatGraph(_ checkpointer: any Checkpointer, replies: [String]) throws -> CompiledGraph<Chat> {
    var g = StateGraph(Chat.self)
    g.addNode("reply") { state, _ in
        let turn = state.messages.count / 2  // this turn's user message is already in
        return [.write(\.messages, [replies[turn % replies.count]])]
    }
    g.setEntry("reply")
    g.addEdge(from: "reply", to: END)
    return try g.compile(checkpointer: checkpointer, name: "bench-chat")
}

// MARK: - Measuring

func randomText(_ rng: inout SplitMix64, count: Int = 400) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      .,")
    return String((0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
}

@inline(__always) func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func summarize(_ samples: [UInt64], divide: Double = 1) -> [String: Any] {
    let s = samples.sorted()
    let n = s.count
    func us(_ v: Double) -> Double { (v / 1000 / divide * 100).rounded() / 100 }
    let median = n % 2 == 1 ? Double(s[n / 2]) : (Double(s[n / 2 - 1]) + Double(s[n / 2])) / 2
    return [
        "iterations": n,
        "median_us": us(median),
        "p10_us": us(Double(s[n / 10])),
        "p90_us": us(Double(s[(n * 9) / 10])),
        "mean_us": us(Double(s.reduce(0, +)) / Double(n)),
    ]
}

/// Warm-up, then up to `iterations` timed calls (at least 20, stopping once `budget` seconds have passed);
/// `between` runs after each timed call, untimed.
func timedLoop(
    warmup: Int, iterations: Int, budget: Double, between: () throws -> Void = {},
    _ body: (String) async throws -> Void
) async throws
    -> [UInt64]
{
    for i in 0..<warmup { try await body("w\(i)") }
    var samples: [UInt64] = []
    samples.reserveCapacity(iterations)
    let deadline = now() + UInt64(budget * 1e9)
    for i in 0..<iterations {
        let t0 = now()
        try await body("t\(i)")
        samples.append(now() - t0)
        try between()
        if i >= 20 && now() > deadline && fixedIterations == nil { break }
    }
    return samples
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("[switchyard] \(message)\n".utf8))
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

let tenant = try TenantID("bench")

/// Opens the checkpointer a kind names: none (nil: compiled without one), memory, sqlite* (FULL when `-full`).
func checkpointer(_ kind: String, workdir: String, name: String) throws -> (any Checkpointer)? {
    switch kind {
    case "none": return nil
    case "memory": return InMemoryCheckpointer()
    default:
        let dir = workdir + "/\(name)-\(kind)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try SQLiteCheckpointer(path: dir + "/graph.sqlite", durableCommits: kind.contains("full"))
    }
}

func durability(_ kind: String) -> Durability { kind.hasSuffix("-async") ? .async : .sync }

/// The two fsync probes, sampled one after the other: a 4 KiB page (the budget's "one fsync") and a step's WAL
/// bytes (5 frames of a 4 KiB page and its 24-byte header, from offset 32 as in the WAL).
final class FsyncProbes {
    let page: FsyncProbe
    let step: FsyncProbe

    init(workdir: String) throws {
        page = try FsyncProbe(workdir: workdir)
        step = try FsyncProbe(workdir: workdir, name: "fsync-probe-step", bytes: 5 * 4120, start: 32)
    }

    private var count = 0

    /// One sample of each, in alternating order (so that neither always follows the other's flush).
    func sample() throws {
        count += 1
        if count % 2 == 0 {
            try page.sample()
            try step.sample()
        } else {
            try step.sample()
            try page.sample()
        }
    }
}

/// - Parameter probe: the fsync probes run after each timed invoke (untimed), so that what one fsync costs is
///   measured in the same seconds as the steps that fsync.
func benchSeq(
    _ kind: String, workdir: String, iterations: Int, budget: Double, warmup: Int, probe: FsyncProbes? = nil
) async throws
    -> [String: Any]
{
    let store = try checkpointer(kind, workdir: workdir, name: "seq")
    let app = try seqGraph(store)
    let options = RunOptions(durability: durability(kind))
    let before = (store as? SQLiteCheckpointer)?.writeStats
    var invokes = 0
    let samples = try await timedLoop(
        warmup: warmup, iterations: iterations, budget: budget, between: { try probe?.sample() }
    ) { id in
        let result = try await app.invoke(
            tenant: tenant, thread: "\(kind)-\(id)", input: [.write(\.counter, 0), .write(\.log, [])],
            options: options)
        guard result.status == .completed, result.state.counter == 10, result.steps == 10 else {
            throw BenchError(description: "seq \(kind): \(result.status) counter \(result.state.counter)")
        }
        invokes += 1
    }
    var out: [String: Any] = ["per_invoke": summarize(samples), "per_step": summarize(samples, divide: 10)]
    if let before, let after = (store as? SQLiteCheckpointer)?.writeStats {
        // With fsync per commit, one transaction is one fsync of the WAL.
        let commits = after.writes - before.writes
        let transactions = after.batches - before.batches
        out["commits_per_invoke"] = (Double(commits) / Double(invokes) * 100).rounded() / 100
        out["transactions_per_commit"] = (Double(transactions) / Double(max(commits, 1)) * 100).rounded() / 100
        // Transactions committed in the caller's thread (a lone run: no hop to the writer's queue and back).
        let inline = after.inlineBatches - before.inlineBatches
        out["inline_per_transaction"] = (Double(inline) / Double(max(transactions, 1)) * 100).rounded() / 100
    }
    return out
}

func benchFan(
    _ kind: String, workdir: String, iterations: Int, budget: Double, warmup: Int
) async throws
    -> [String: Any]
{
    let app = try fanGraph(try checkpointer(kind, workdir: workdir, name: "fan"))
    let options = RunOptions(durability: durability(kind))
    let samples = try await timedLoop(warmup: warmup, iterations: iterations, budget: budget) { id in
        let result = try await app.invoke(
            tenant: tenant, thread: "\(kind)-\(id)", input: [.write(\.counter, 0)], options: options)
        guard result.status == .completed, result.state.joined == 5, result.steps == 3 else {
            throw BenchError(description: "fanout \(kind): \(result.status) joined \(result.state.joined)")
        }
    }
    return ["per_invoke": summarize(samples)]
}

/// `concurrency` runs at once on one store with fsync per commit, each invoking the seq graph on new threads until
/// `seconds` pass; node-steps per second and the average number of commits per transaction.
func benchConcurrent(workdir: String, levels: [Int], seconds: Double) async throws -> [String: Any] {
    let dir = workdir + "/concurrent"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let store = try SQLiteCheckpointer(path: dir + "/graph.sqlite", durableCommits: true)
    let app = try seqGraph(store)
    var out: [String: Any] = [:]
    for level in levels {
        let before = store.writeStats
        let t0 = now()
        let deadline = t0 + UInt64(seconds * 1e9)
        let invokes = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<level {
                group.addTask {
                    var n = 0
                    while now() < deadline || n == 0 {
                        let result = try await app.invoke(
                            tenant: tenant, thread: "c\(level)-w\(worker)-\(n)",
                            input: [.write(\.counter, 0), .write(\.log, [])])
                        guard result.state.counter == 10 else { throw BenchError(description: "concurrent run") }
                        n += 1
                    }
                    return n
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = Double(now() - t0) / 1e9
        let after = store.writeStats
        let batches = after.batches - before.batches
        let writes = after.writes - before.writes
        out[String(level)] = [
            "invokes": invokes,
            "steps_per_s": (Double(invokes * 10) / elapsed).rounded(),
            "seconds": (elapsed * 100).rounded() / 100,
            "transactions": batches,
            "commits": writes,
            "commits_per_transaction": batches == 0 ? 0 : (Double(writes) / Double(batches) * 100).rounded() / 100,
        ]
        log("concurrent \(level): \(out[String(level)]!)")
    }
    return out
}

/// What one `fdatasync` costs on the disk the bench writes to: `bytes` overwritten in a file of 64 such blocks
/// (so the file's size never changes, like the WAL once it wraps), then `fdatasync`, timed alone. The blocks start
/// at `start` (32 for the WAL's header, so that a step's frames straddle file-system blocks as in the WAL).
final class FsyncProbe {
    let path: String
    let fd: Int32
    private var count = 0
    private(set) var samples: [UInt64] = []
    private let block: [UInt8]
    private let start: Int

    init(workdir: String, name: String = "fsync-probe", bytes: Int = 4096, start: Int = 0) throws {
        path = workdir + "/" + name
        block = [UInt8](repeating: 0x5A, count: bytes)
        self.start = start
        fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchError(description: "cannot open \(path)") }
        for i in 0...64 { _ = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, bytes, off_t(i * bytes)) } }
        fsync(fd)
    }

    deinit {
        close(fd)
        unlink(path)
    }

    func sample() throws {
        _ = block.withUnsafeBytes {
            pwrite(fd, $0.baseAddress, block.count, off_t(start + (count % 64) * block.count))
        }
        count += 1
        let t0 = now()
        guard fdatasync(fd) == 0 else { throw BenchError(description: "fdatasync failed: errno \(errno)") }
        samples.append(now() - t0)
    }
}

func fileBytes(_ path: String) -> Int { fileSize(path) + fileSize(path + "-wal") }

func benchChat(workdir: String, turns: Int, marks: Set<Int>, seed: UInt64) async throws -> [String: Any] {
    var rng = SplitMix64(seed: seed)
    let users = (0..<turns).map { _ in randomText(&rng) }
    let replies = (0..<turns).map { _ in randomText(&rng) }
    let dir = workdir + "/chat"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/graph.sqlite"
    var store: SQLiteCheckpointer? = try SQLiteCheckpointer(path: path)
    var app: CompiledGraph<Chat>? = try chatGraph(store!, replies: replies)
    var samples: [UInt64] = []
    var at: [String: Any] = [:]
    for turn in 1...turns {
        let t0 = now()
        let result = try await app!.invoke(
            tenant: tenant, thread: "chat", input: [.write(\.messages, [users[turn - 1]])])
        samples.append(now() - t0)
        guard result.status == .completed, result.state.messages.count == 2 * turn else {
            throw BenchError(
                description: "chat turn \(turn): \(result.status), \(result.state.messages.count) messages")
        }
        if marks.contains(turn) {
            let history = try await app!.history(tenant: tenant, thread: "chat", limit: 1_000_000)
            let stateBytes = history.reduce(0) { $0 + $1.storedBytes }
            let snapshots = history.filter { $0.snapshot != nil }.count
            let withWAL = fileBytes(path)
            // Close the store: SQLite folds the WAL into the file and deletes it, so the file size is the data,
            // not WAL slack. Reopened below (the next turn rebuilds the state from its snapshot and deltas).
            app = nil
            store = nil
            let walLeft = fileSize(path + "-wal")
            let sorted = samples.sorted()
            at[String(turn)] = [
                "file_bytes": fileSize(path) + walLeft,
                "file_bytes_with_wal": withWAL,
                "state_bytes": stateBytes,
                "checkpoints": history.count,
                "snapshots": snapshots,
                "turn_median_us_so_far": (Double(sorted[sorted.count / 2]) / 100).rounded() / 10,
                "last_turn_us": (Double(samples.last!) / 100).rounded() / 10,
            ]
            store = try SQLiteCheckpointer(path: path)
            app = try chatGraph(store!, replies: replies)
        }
    }
    let final = at[String(turns)] as! [String: Any]
    let fileBytes = final["file_bytes"] as! Int
    let sorted = samples.sorted()
    return [
        "turns": turns,
        "message_chars": 400,
        "at": at,
        "file_bytes": fileBytes,
        "bytes_per_turn": (Double(fileBytes) / Double(turns) * 10).rounded() / 10,
        "state_bytes": final["state_bytes"]!,
        "turn_median_us": (Double(sorted[sorted.count / 2]) / 100).rounded() / 10,
        "turn_p90_us": (Double(sorted[(sorted.count * 9) / 10]) / 100).rounded() / 10,
        "total_s": (Double(samples.reduce(0, +)) / 1e6).rounded() / 1000,
    ]
}

/// Where a SQLite step's time goes: the store calls one step makes, timed alone through the public
/// `Checkpointer` API on a thread of 1-task checkpoints like the seq workload's (each step of a run calls
/// `commit` once; each invoke calls `thread` once; `pending` is read only when a run resumes).
func benchStoreCalls(workdir: String, iterations: Int) async throws -> [String: Any] {
    try FileManager.default.createDirectory(atPath: workdir + "/calls", withIntermediateDirectories: true)
    let store = try SQLiteCheckpointer(path: workdir + "/calls/graph.sqlite")
    let thread = "calls"
    let delta = Data(repeating: 0x41, count: 60)
    func record(_ i: Int, parent: String?) -> CheckpointRecord {
        CheckpointRecord(
            id: UUID().uuidString.lowercased(), parentID: parent, step: i, snapshot: parent == nil ? delta : nil,
            delta: parent == nil ? nil : delta, next: [TaskSpec(id: "\(i + 1):n1", node: "n1")],
            metadata: CheckpointMetadata(source: "loop", nodes: ["n0"], durationsMs: ["\(i):n0": 0.01]))
    }
    var head = record(0, parent: nil)
    try await store.commit(
        StepCommit(
            tenant: tenant, thread: thread, graph: "calls", expectedHead: nil, checkpoint: head, status: .running))
    var commits: [UInt64] = []
    var pendings: [UInt64] = []
    var threads: [UInt64] = []
    for i in 1...iterations {
        let next = record(i, parent: head.id)
        var t0 = now()
        try await store.commit(
            StepCommit(
                tenant: tenant, thread: thread, graph: "calls", expectedHead: head.id, checkpoint: next,
                status: .running))
        commits.append(now() - t0)
        head = next
        t0 = now()
        _ = try await store.pending(tenant: tenant, thread: thread, checkpoint: head.id)
        pendings.append(now() - t0)
        t0 = now()
        _ = try await store.thread(tenant: tenant, id: thread)
        threads.append(now() - t0)
    }
    // The cost of one await with no work, for scale: a hop to a detached task and back.
    var hops: [UInt64] = []
    for _ in 0..<iterations {
        let t0 = now()
        _ = await Task.detached { 1 }.value
        hops.append(now() - t0)
    }
    return [
        "commit": summarize(commits), "pending": summarize(pendings), "thread": summarize(threads),
        "task_hop": summarize(hops),
    ]
}

// MARK: - Main

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

let arguments = CommandLine.arguments
guard arguments.count >= 2, arguments[1] == "graph", let workdir = argument("--workdir") else {
    FileHandle.standardError.write(
        Data("usage: SwitchyardBench graph --workdir DIR [--quick] [--turns N] [--skip chat] [--only WORKLOAD]\n".utf8))
    exit(2)
}
let quick = arguments.contains("--quick")
/// `--iterations N` fixes every workload's iteration count (for callgrind: compare two counts, so warm-up and
/// start-up cancel out); budgets then no longer cut loops short.
let fixedIterations = argument("--iterations").flatMap { Int($0) }
func n(_ full: Int, _ quickValue: Int) -> Int { fixedIterations ?? (quick ? quickValue : full) }
let turns = quick ? 20 : Int(argument("--turns") ?? "500") ?? 500
/// `--only seq:sqlite` (or `fanout:sqlite`, `chat`) runs one workload: for profiling; several, comma-separated
/// (`--only seq:sqlite,seq:sqlite-full,fsync`: the fsync budget's three figures, the probe after each FULL invoke).
let only = argument("--only").map { Set($0.split(separator: ",").map(String.init)) }
/// `--skip chat` leaves the chat out (the runner runs it once, in the last round).
let skip = argument("--skip")
func selected(_ name: String) -> Bool { (only == nil || only!.contains(name)) && skip != name }

/// The runs, off the main thread: the main thread waits on a semaphore rather than in `dispatch_main`, so the bench
/// also runs under valgrind (whose callgrind crashes on Swift's async main here).
func runAll() async throws -> [String: Any] {
    try? FileManager.default.removeItem(atPath: workdir)
    try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
    let started = now()
    var result: [String: Any] = ["runtime": "switchyard"]

    // One fsync probe after each timed invoke of the fsync workloads: the fsync cost is measured in the same
    // seconds, on the same disk, as the steps it is compared with.
    let probe = selected("fsync") ? try FsyncProbes(workdir: workdir) : nil
    var seq: [String: Any] = [:]
    for (kind, iterations, budget) in [
        ("none", n(5000, 50), 2.0), ("memory", n(3000, 50), 2.0), ("sqlite", n(2000, 50), 3.0),
        ("sqlite-async", n(2000, 50), 3.0), ("sqlite-full", n(300, 10), 5.0), ("sqlite-full-async", n(300, 10), 4.0),
    ] {
        guard selected("seq:\(kind)") else { continue }
        log("seq \(kind)")
        seq[kind] = try await benchSeq(
            kind, workdir: workdir, iterations: iterations, budget: budget, warmup: n(100, 5),
            probe: kind.contains("full") ? probe : nil)
    }
    result["seq"] = seq

    var fan: [String: Any] = [:]
    for (kind, iterations, budget) in [
        ("none", n(3000, 50), 1.5), ("memory", n(2000, 50), 1.5), ("sqlite", n(1000, 50), 2.5),
        ("sqlite-async", n(1000, 50), 2.5),
    ] {
        guard selected("fanout:\(kind)") else { continue }
        log("fanout \(kind)")
        fan[kind] = try await benchFan(
            kind, workdir: workdir, iterations: iterations, budget: budget, warmup: n(100, 5))
    }
    result["fanout"] = fan

    if let probe {
        log("fsync")
        // Topped up to at least 20 samples when the fsync workloads were not selected.
        while probe.page.samples.count < 20 { try probe.sample() }
        var fsync = summarize(probe.page.samples)
        fsync["probe"] =
            "4 KiB pwrite over a 64-page file, then fdatasync; one after each timed invoke of the "
            + "fsync workloads"
        result["fsync"] = fsync
        var step = summarize(probe.step.samples)
        step["probe"] =
            "20,600-byte pwrite (5 WAL frames of a 4 KiB page) from offset 32 over 64 such blocks, then "
            + "fdatasync; next to each 4 KiB probe (before it and after it in turn)"
        result["fsync_step_bytes"] = step
    }

    if selected("concurrent") {
        log("concurrent")
        result["concurrent"] = try await benchConcurrent(
            workdir: workdir, levels: [1, 10, 50], seconds: quick ? 0.5 : 2)
    }

    if selected("calls") {
        log("store calls")
        result["store_calls"] = try await benchStoreCalls(workdir: workdir, iterations: n(1000, 50))
    }

    if selected("chat") {
        log("chat \(turns) turns")
        result["chat"] = try await benchChat(
            workdir: workdir, turns: turns, marks: Set([10, 100, 250, turns].filter { $0 <= turns }), seed: 7)
    }
    result["wall_s"] = (Double(now() - started) / 1e8).rounded() / 10
    try? FileManager.default.removeItem(atPath: workdir)

    return result
}

let finished = DispatchSemaphore(value: 0)
nonisolated(unsafe) var output: [String: Any] = [:]
Task.detached {
    do {
        output = try await runAll()
    } catch {
        log("failed: \(error)")
        exit(1)
    }
    finished.signal()
}
finished.wait()
let json = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
