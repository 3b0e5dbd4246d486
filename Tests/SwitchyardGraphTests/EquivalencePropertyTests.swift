import Foundation
import PropertyBased
import Synchronization
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import Testing

/// The state of the random graphs: every node leaves a trace, so equal states mean equal runs.
struct Trace: GraphState, Equatable {
    var trace: [String] = []
    var total = 0
    var last = ""
    static let channels: [Channel<Trace>] = [
        Channel("trace", \.trace, reducer: .append),
        Channel("total", \.total, reducer: .sum),
        Channel("last", \.last),
    ]
}

/// A graph shape drawn from a seed: forward edges, fan-outs, sends and bounded back edges.
struct RandomGraph: CustomStringConvertible {
    enum Exit { case edge(Int), fanOut(Int, Int), send(Int, Int), loop(back: Int, forward: Int, limit: Int), end }
    var exits: [Exit]
    var description: String { "\(exits)" }

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let count = Int(rng.next() % 5) + 3
        exits = (0..<count).map { i in
            let forward = { Int(rng.next() % UInt64(count - i - 1)) + i + 1 }
            if i == count - 1 { return .end }
            // Node i always leads to i + 1, so every node is reachable; other edges go anywhere forward or back.
            switch rng.next() % 5 {
            case 1:
                let b = forward()
                return b == i + 1 ? .edge(b) : .fanOut(i + 1, b)
            case 2: return .send(i + 1, Int(rng.next() % 3) + 1)
            case 3: return .loop(back: Int(rng.next() % UInt64(i + 1)), forward: i + 1, limit: Int(rng.next() % 12) + 4)
            default: return .edge(i + 1)
            }
        }
    }

    func build(checkpointer: any Checkpointer, executions: Counter) throws -> CompiledGraph<Trace> {
        var graph = StateGraph(Trace.self)
        for (i, exit) in exits.enumerated() {
            graph.addNode("n\(i)") { state, ctx in
                executions.hit(ctx.taskID)
                try await Task.sleep(for: .microseconds(Int.random(in: 0...2000)))
                let arg = (try? ctx.argument(Int.self)).map { "#\($0)" } ?? ""
                return [.write(\.trace, ["\(ctx.taskID)\(arg)"]), .write(\.total, i + 1), .write(\.last, "n\(i)")]
            }
            let name = "n\(i)"
            switch exit {
            case .edge(let to): graph.addEdge(from: name, to: "n\(to)")
            case .fanOut(let a, let b):
                graph.addEdge(from: name, to: "n\(a)")
                graph.addEdge(from: name, to: "n\(b)")
            case .send(let to, let count):
                graph.addConditionalEdges(from: name, targets: ["n\(to)"]) { state in
                    try (0..<count).map { try Target.send("n\(to)", state.total * 10 + $0) }
                }
            case .loop(let back, let forward, let limit):
                graph.addConditionalEdge(from: name, targets: ["n\(back)", "n\(forward)"]) { state in
                    state.total < limit ? .node("n\(back)") : .node("n\(forward)")
                }
            case .end: graph.addEdge(from: name, to: END)
            }
        }
        graph.setEntry("n0")
        return try graph.compile(checkpointer: checkpointer, name: "random")
    }
}
/// A checkpointer that "kills the process" after a number of writes: that write and everything after it fail,
/// as if the process had died at that instant.
final class CrashingCheckpointer: Checkpointer {
    struct Crash: Error {}
    let base: any Checkpointer
    private let budget: Mutex<Int>

    init(_ base: any Checkpointer, writesBeforeCrash: Int) {
        self.base = base
        self.budget = Mutex(writesBeforeCrash)
    }

    private func write() throws {
        try budget.withLock { left in
            guard left > 0 else { throw Crash() }
            left -= 1
        }
    }
    private func read() throws { if budget.withLock({ $0 }) <= 0 { throw Crash() } }

    func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
        try read(); return try await base.thread(tenant: tenant, id: id)
    }
    func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
        try read(); return try await base.threads(tenant: tenant, limit: limit)
    }
    func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
        try read(); return try await base.checkpoint(tenant: tenant, thread: thread, id: id)
    }
    func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
        try read(); return try await base.chain(tenant: tenant, thread: thread, to: id)
    }
    func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
        try read(); return try await base.history(tenant: tenant, thread: thread, limit: limit)
    }
    func commit(_ commit: StepCommit) async throws { try write(); try await base.commit(commit) }
    func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
        try write(); try await base.putPending(tenant: tenant, thread: thread, checkpoint: checkpoint, record: record)
    }
    func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
        try read(); return try await base.pending(tenant: tenant, thread: thread, checkpoint: checkpoint)
    }
    func setStatus(tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?) async throws {
        try write(); try await base.setStatus(tenant: tenant, thread: thread, head: head, status: status, error: error)
    }
    func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
        try write(); return try await base.deleteThread(tenant: tenant, thread: thread)
    }
}

@Suite struct EquivalencePropertyTests {
    static let options = RunOptions(recursionLimit: 500)

    /// The straight run's final state, its task ids, and the most tasks one step ran.
    func straight(_ shape: RandomGraph) async throws -> (Trace, Set<String>, Int) {
        let executions = Counter()
        let widest = Counter()
        let result = try await shape.build(checkpointer: try makeStore(), executions: executions)
            .invoke(tenant: tenant, thread: "t", options: Self.options) { event in
                if case .stateUpdated(_, _, let tasks, _) = event, tasks.count > widest["w"] {
                    for _ in widest["w"]..<tasks.count { widest.hit("w") }
                }
            }
        #expect(result.status == .completed)
        return (result.state, executions.keys, widest["w"])
    }

    @Test func interruptedAndResumedAtRandomPointsEqualsStraightThrough() async throws {
        await propertyCheck(
            count: 40, input: Gen.uint64(), Gen.int(in: 0...7).array(of: 0...3), Gen.int(in: 0...7).array(of: 0...3)
        ) {
            seed, before, after in
            let shape = RandomGraph(seed: seed)
            do {
                let (expected, tasks, _) = try await straight(shape)
                let executions = Counter()
                let graph = try shape.build(checkpointer: try makeStore(), executions: executions)
                let options = RunOptions(
                    recursionLimit: 500, interruptBefore: Set(before.map { "n\($0)" }),
                    interruptAfter: Set(after.map { "n\($0)" }))
                var result = try await graph.invoke(tenant: tenant, thread: "t", options: options)
                var stops = 0
                while result.status == .interrupted && stops < 1000 {
                    stops += 1
                    result = try await graph.resume(tenant: tenant, thread: "t", options: options)
                }
                #expect(result.status == .completed, "\(shape)")
                #expect(result.state == expected, "\(shape)")
                #expect(executions.keys == tasks)
                #expect(executions.total == tasks.count, "a task ran twice: \(shape)")
            } catch {
                Issue.record("\(shape): \(error)")
            }
        }
    }

    @Test func killedAndRestartedAtRandomPointsEqualsStraightThrough() async throws {
        await propertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...12).array(of: 1...6)) { seed, crashes in
            let shape = RandomGraph(seed: seed)
            do {
                let (expected, tasks, width) = try await straight(shape)
                let dir = NSTemporaryDirectory() + "switchyard-crash-" + UUID().uuidString
                let executions = Counter()
                var result: RunResult<Trace>?
                for budget in crashes + [Int.max] {
                    // Each attempt is a fresh "process": a new store connection and a new compiled graph.
                    let store = CrashingCheckpointer(try SQLiteStore(directory: dir), writesBeforeCrash: budget)
                    let graph = try shape.build(checkpointer: store, executions: executions)
                    do {
                        if try await store.thread(tenant: tenant, id: "t") == nil {
                            result = try await graph.invoke(tenant: tenant, thread: "t", options: Self.options)
                        } else {
                            result = try await graph.resume(tenant: tenant, thread: "t", options: Self.options)
                        }
                    } catch is CrashingCheckpointer.Crash {
                        continue
                    }
                    if result?.status == .completed { break }
                }
                #expect(result?.status == .completed, "\(shape)")
                #expect(result?.state == expected, "\(shape)")
                #expect(executions.keys == tasks)
                // A task re-runs only when a crash hit between its end and the save of its writes: at most the
                // tasks of one step per crash.
                #expect(executions.total <= tasks.count + crashes.count * width, "\(shape)")
            } catch {
                Issue.record("\(shape): \(error)")
            }
        }
    }
}
