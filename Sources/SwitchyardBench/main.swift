// Benchmarks of the graph runtime: the Switchyard side of bench/graph/run (bench/graph/langgraph_bench.py is the
// LangGraph side, with the same workloads). Prints one JSON object on stdout; progress goes to stderr.
//
//   SwitchyardBench graph --workdir DIR [--quick] [--turns N] [--skip chat] [--only seq:sqlite]
//
// Workloads:
//   seq     10-node sequential graph, trivial nodes (counter += 1, append a 2-character string); a new thread per
//           invoke; per-step time = invoke time / 10.
//   fanout  start -> 5 parallel nodes -> join; a new thread per invoke; time per invoke.
//   chat    one thread, N turns; the input appends a ~400-character random user message, the node appends a
//           ~400-character random reply; bytes stored at given turns, time per turn.
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

func seqGraph(_ checkpointer: any Checkpointer) throws -> CompiledGraph<Seq> {
    var g = StateGraph(Seq.self)
    let names = (0..<10).map { "n\($0)" }
    for name in names {
        g.addNode(name) { state, _ in [.write(\.counter, state.counter + 1), .write(\.log, [name])] }
    }
    g.setEntry(names[0])
    for (a, b) in zip(names, names.dropFirst()) { g.addEdge(from: a, to: b) }
    g.addEdge(from: names[names.count - 1], to: END)
    return try g.compile(checkpointer: checkpointer, name: "bench-seq")
}

func fanGraph(_ checkpointer: any Checkpointer) throws -> CompiledGraph<Fan> {
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
    return try g.compile(checkpointer: checkpointer, name: "bench-fan")
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

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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

/// Warm-up, then up to `iterations` timed calls (at least 20, stopping once `budget` seconds have passed).
func timedLoop(
    warmup: Int, iterations: Int, budget: Double, _ body: (String) async throws -> Void
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
        if i >= 20 && now() > deadline { break }
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

/// kind: memory | sqlite | sqlite-full (durableCommits: fsync per commit)
func benchSeq(
    _ kind: String, workdir: String, iterations: Int, budget: Double, warmup: Int
) async throws
    -> [String: Any]
{
    let checkpointer: any Checkpointer =
        kind == "memory"
        ? InMemoryCheckpointer()
        : try SQLiteStore(
            directory: workdir + "/seq-\(kind)",
            options: SQLiteStore.Options(durableCommits: kind == "sqlite-full"))
    let app = try seqGraph(checkpointer)
    let samples = try await timedLoop(warmup: warmup, iterations: iterations, budget: budget) { id in
        let result = try await app.invoke(
            tenant: tenant, thread: "\(kind)-\(id)", input: [.write(\.counter, 0), .write(\.log, [])])
        guard result.status == .completed, result.state.counter == 10, result.steps == 10 else {
            throw BenchError(description: "seq \(kind): \(result.status) counter \(result.state.counter)")
        }
    }
    return ["per_invoke": summarize(samples), "per_step": summarize(samples, divide: 10)]
}

func benchFan(
    _ kind: String, workdir: String, iterations: Int, budget: Double, warmup: Int
) async throws
    -> [String: Any]
{
    let checkpointer: any Checkpointer =
        kind == "memory" ? InMemoryCheckpointer() : try SQLiteStore(directory: workdir + "/fan-\(kind)")
    let app = try fanGraph(checkpointer)
    let samples = try await timedLoop(warmup: warmup, iterations: iterations, budget: budget) { id in
        let result = try await app.invoke(tenant: tenant, thread: "\(kind)-\(id)", input: [.write(\.counter, 0)])
        guard result.status == .completed, result.state.joined == 5, result.steps == 3 else {
            throw BenchError(description: "fanout \(kind): \(result.status) joined \(result.state.joined)")
        }
    }
    return ["per_invoke": summarize(samples)]
}

func benchChat(workdir: String, turns: Int, marks: Set<Int>, seed: UInt64) async throws -> [String: Any] {
    var rng = SplitMix64(state: seed)
    let users = (0..<turns).map { _ in randomText(&rng) }
    let replies = (0..<turns).map { _ in randomText(&rng) }
    let dir = workdir + "/chat"
    let path = dir + "/" + SQLiteStore.fileName
    var store: SQLiteStore? = try SQLiteStore(directory: dir)
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
            let withWAL = store!.fileBytes()
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
            store = try SQLiteStore(directory: dir)
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
/// `pending` once and `commit` once; each invoke calls `thread` once).
func benchStoreCalls(workdir: String, iterations: Int) async throws -> [String: Any] {
    let store = try SQLiteStore(directory: workdir + "/calls")
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
func n(_ full: Int, _ quickValue: Int) -> Int { quick ? quickValue : full }
let turns = quick ? 20 : Int(argument("--turns") ?? "500") ?? 500
/// `--only seq:sqlite` (or `fanout:sqlite`, `chat`) runs one workload: for profiling.
let only = argument("--only")
/// `--skip chat` leaves the chat out (the runner runs it once, in the last round).
let skip = argument("--skip")
func selected(_ name: String) -> Bool { (only == nil || only == name) && skip != name }

try? FileManager.default.removeItem(atPath: workdir)
try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
let started = now()
var result: [String: Any] = ["runtime": "switchyard"]

var seq: [String: Any] = [:]
for (kind, iterations, budget) in [
    ("memory", n(3000, 50), 4.0), ("sqlite", n(1500, 50), 8.0), ("sqlite-full", n(200, 10), 6.0),
] {
    guard selected("seq:\(kind)") else { continue }
    log("seq \(kind)")
    seq[kind] = try await benchSeq(kind, workdir: workdir, iterations: iterations, budget: budget, warmup: n(100, 5))
}
result["seq"] = seq

var fan: [String: Any] = [:]
for (kind, iterations, budget) in [("memory", n(2000, 50), 4.0), ("sqlite", n(1000, 50), 8.0)] {
    guard selected("fanout:\(kind)") else { continue }
    log("fanout \(kind)")
    fan[kind] = try await benchFan(kind, workdir: workdir, iterations: iterations, budget: budget, warmup: n(100, 5))
}
result["fanout"] = fan

if selected("calls") {
    log("store calls")
    result["store_calls"] = try await benchStoreCalls(workdir: workdir, iterations: n(2000, 50))
}

if selected("chat") {
    log("chat \(turns) turns")
    result["chat"] = try await benchChat(
        workdir: workdir, turns: turns, marks: Set([10, 100, 250, turns].filter { $0 <= turns }), seed: 7)
}
result["wall_s"] = (Double(now() - started) / 1e8).rounded() / 10
try? FileManager.default.removeItem(atPath: workdir)

let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
