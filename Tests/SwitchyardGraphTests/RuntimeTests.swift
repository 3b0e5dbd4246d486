import Foundation
import SwitchyardCore
import SwitchyardGraph
import Testing

struct Numbers: GraphState, Equatable {
    var items: [Int] = []
    var total = 0
    var product = 1
    var label = ""
    var results: [String] = []
    static let channels: [Channel<Numbers>] = [
        Channel("items", \.items),
        Channel("total", \.total, reducer: .sum),
        Channel("product", \.product, reducer: .custom { $0 * $1 }),
        Channel("label", \.label),
        Channel("results", \.results, reducer: .append),
    ]
}

@Suite struct RuntimeTests {
    @Test func reducersMergeReplaceAppendSumAndCustom() async throws {
        var graph = StateGraph(Numbers.self)
        graph.addNode("one") { _, _ in
            [.write(\.total, 2), .write(\.product, 3), .write(\.label, "x"), .write(\.results, ["a"])]
        }
        graph.addNode("two") { _, _ in
            [.write(\.total, 5), .write(\.product, 7), .write(\.label, "y"), .write(\.results, ["b", "c"])]
        }
        graph.setEntry("one")
        graph.addEdge(from: "one", to: "two")
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        let result = try await compiled.invoke(tenant: tenant, thread: "t", input: [.write(\.total, 1)])
        #expect(result.state == Numbers(items: [], total: 8, product: 21, label: "y", results: ["a", "b", "c"]))
        #expect(result.steps == 2)
    }

    @Test func cyclesRunUntilTheRouterExits() async throws {
        var graph = StateGraph(Numbers.self)
        graph.addNode("work") { _, _ in [.write(\.total, 1)] }
        graph.addNode("check") { _, _ in .none }
        graph.setEntry("work")
        graph.addEdge(from: "work", to: "check")
        graph.addConditionalEdge(from: "check", targets: ["work", END]) { $0.total < 5 ? .node("work") : .end }
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        let result = try await compiled.invoke(tenant: tenant, thread: "t")
        #expect(result.state.total == 5)
        #expect(result.steps == 10)
    }

    @Test func recursionLimitNamesTheLoopAndResumeContinues() async throws {
        var graph = StateGraph(Numbers.self)
        graph.addNode("critic") { _, _ in [.write(\.total, 1)] }
        graph.addNode("writer") { _, _ in .none }
        graph.setEntry("writer")
        graph.addEdge(from: "writer", to: "critic")
        graph.addConditionalEdge(from: "critic", targets: ["writer", END]) { $0.total < 30 ? .node("writer") : .end }
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        let first = try await compiled.invoke(tenant: tenant, thread: "t", options: RunOptions(recursionLimit: 9))
        #expect(first.status == .failed)
        #expect(first.error?.code == .recursionLimit)
        let message = first.error?.message ?? ""
        #expect(message.contains("critic → writer → critic") || message.contains("writer → critic → writer"))
        let second = try await compiled.resume(tenant: tenant, thread: "t", options: RunOptions(recursionLimit: 1000))
        #expect(second.status == .completed)
        #expect(second.state.total == 30)
    }

    @Test func fanOutMergesInTaskOrderWhateverFinishesFirst() async throws {
        for round in 0..<5 {
            var graph = StateGraph(Numbers.self)
            graph.addNode("start") { _, _ in .none }
            for name in ["a", "b", "c", "d", "e"] {
                graph.addNode(name) { _, _ in
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...15)))
                    return [.write(\.results, [name]), .write(\.label, name)]
                }
                graph.addEdge(from: "start", to: name)
                graph.addEdge(from: name, to: "join")
            }
            graph.addNode("join") { state, _ in [.write(\.total, state.results.count)] }
            graph.setEntry("start")
            let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
            let result = try await compiled.invoke(tenant: tenant, thread: "t\(round)")
            #expect(result.state.results == ["a", "b", "c", "d", "e"])
            #expect(result.state.label == "e")
            #expect(result.state.total == 5)
            #expect(result.steps == 3)  // start, the five in one step, join once
        }
    }

    @Test func fanOutRunsConcurrently() async throws {
        var graph = StateGraph(Numbers.self)
        let running = Counter()
        graph.addNode("start") { _, _ in .none }
        for name in ["a", "b", "c"] {
            graph.addNode(name) { _, _ in
                running.hit("started")
                // Each waits until all three have started: only concurrent execution gets past this.
                for _ in 0..<500 where running["started"] < 3 { try await Task.sleep(for: .milliseconds(2)) }
                return [.write(\.results, [name + (running["started"] == 3 ? "+" : "-")])]
            }
            graph.addEdge(from: "start", to: name)
        }
        graph.setEntry("start")
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g").invoke(
            tenant: tenant, thread: "t")
        #expect(result.state.results == ["a+", "b+", "c+"])
    }

    @Test func sendMapsOverAListAndReduces() async throws {
        var graph = StateGraph(Numbers.self)
        graph.addNode("split") { _, _ in [.write(\.items, [3, 1, 4, 1, 5])] }
        graph.addNode("square") { _, ctx in
            let n = try ctx.argument(Int.self)
            try await Task.sleep(for: .milliseconds(5 - n))
            return [.write(\.total, n * n), .write(\.results, ["\(n)"])]
        }
        graph.addNode("report") { state, _ in [.write(\.label, "sum of squares \(state.total)")] }
        graph.setEntry("split")
        graph.addConditionalEdges(from: "split", targets: ["square"]) { state in
            try state.items.map { try Target.send("square", $0) }
        }
        graph.addEdge(from: "square", to: "report")
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g").invoke(
            tenant: tenant, thread: "t")
        #expect(result.state.total == 52)
        #expect(result.state.results == ["3", "1", "4", "1", "5"])
        #expect(result.state.label == "sum of squares 52")
    }

    @Test func routerReturningAnUndeclaredTargetFails() async throws {
        var graph = StateGraph(Numbers.self)
        graph.addNode("a") { _, _ in .none }
        graph.addNode("b") { _, _ in .none }
        graph.setEntry("a")
        graph.addConditionalEdge(from: "a", targets: [END]) { _ in .node("b") }
        graph.addEdge(from: "b", to: END)
        graph.addEdge(from: "a", to: "b")
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g").invoke(
            tenant: tenant, thread: "t")
        #expect(result.status == .failed)
        #expect(result.error?.code == .invalidRoute)
    }

    @Test func writingAFieldWithoutAChannelFails() async throws {
        struct Loose: GraphState {
            var declared = 0
            var undeclared = 0
            static let channels: [Channel<Loose>] = [Channel("declared", \.declared)]
        }
        var graph = StateGraph(Loose.self)
        graph.addNode("a") { _, _ in [.write(\.undeclared, 1)] }
        graph.setEntry("a")
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g").invoke(
            tenant: tenant, thread: "t")
        #expect(result.error?.code == .unknownChannel)
        #expect(result.error?.message.contains("Loose.channels") == true)
    }

    @Test func eventsComeInOrder() async throws {
        var graph = StateGraph(Numbers.self)
        graph.addNode("a") { _, _ in [.write(\.total, 1)] }
        graph.addNode("b") { _, _ in [.write(\.total, 1)] }
        graph.setEntry("a")
        graph.addEdge(from: "a", to: "b")
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        var kinds: [String] = []
        for try await event in compiled.stream(tenant: tenant, thread: "t") {
            switch event {
            case .runStarted: kinds.append("start")
            case .nodeStarted(let node, _, _, _): kinds.append("+\(node)")
            case .nodeFinished(let node, _, _, let duration):
                kinds.append("-\(node)")
                #expect(duration >= .zero)
            case .stateUpdated(let step, _, _, let state): kinds.append("s\(step):\(state.total)")
            case .runFinished(let status, let steps): kinds.append("end:\(status):\(steps)")
            default: kinds.append("?")
            }
        }
        #expect(kinds == ["start", "s0:0", "+a", "-a", "s1:1", "+b", "-b", "s2:2", "end:completed:2"])
    }
}

@Suite struct RetryTimeoutCancelTests {
    struct Flaky: Error {}
    struct Fatal: Error {}

    @Test func retriesWithBackoffThenSucceeds() async throws {
        let calls = Counter()
        var graph = StateGraph(Numbers.self)
        let policy = RetryPolicy(maxAttempts: 4, initialInterval: .milliseconds(5), backoffFactor: 2, jitter: true)
        graph.addNode("flaky", options: NodeOptions(retry: policy)) { _, ctx in
            calls.hit("flaky")
            if ctx.attempt < 3 { throw Flaky() }
            return [.write(\.total, ctx.attempt)]
        }
        graph.setEntry("flaky")
        let events = EventLog<Numbers>()
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g")
            .invoke(tenant: tenant, thread: "t", onEvent: events.handler)
        #expect(result.status == .completed)
        #expect(result.state.total == 3)
        #expect(calls["flaky"] == 3)
        let retries = events.all.compactMap {
            if case .retry(_, _, let attempt, let delay, _) = $0 { (attempt, delay) } else { nil }
        }
        #expect(retries.map(\.0) == [1, 2])
        #expect(retries.allSatisfy { $0.1 >= .microseconds(2500) && $0.1 <= .milliseconds(15) })
    }

    @Test func backoffGrowsAndCaps() {
        let policy = RetryPolicy(
            initialInterval: .milliseconds(100), backoffFactor: 3, maxInterval: .milliseconds(500), jitter: false)
        #expect(policy.delay(after: 1) == .milliseconds(100))
        #expect(policy.delay(after: 2) == .milliseconds(300))
        #expect(policy.delay(after: 3) == .milliseconds(500))
    }

    @Test func onlyChosenErrorsRetry() async throws {
        let calls = Counter()
        var graph = StateGraph(Numbers.self)
        let policy = RetryPolicy(maxAttempts: 5, initialInterval: .milliseconds(1), retryOn: { $0 is Flaky })
        graph.addNode("fatal", options: NodeOptions(retry: policy)) { _, _ in
            calls.hit("fatal")
            throw Fatal()
        }
        graph.setEntry("fatal")
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g").invoke(
            tenant: tenant, thread: "t")
        #expect(result.status == .failed)
        #expect(result.error?.code == .nodeFailed)
        #expect(calls["fatal"] == 1)
    }

    @Test func timeoutCancelsASlowNode() async throws {
        var graph = StateGraph(Numbers.self)
        let seen = Counter()
        graph.addNode("slow", options: NodeOptions(timeout: .milliseconds(50))) { _, _ in
            do {
                try await Task.sleep(for: .seconds(600))
            } catch is CancellationError {
                seen.hit("cancelled")
                throw CancellationError()
            }
            seen.hit("finished")
            return .none
        }
        graph.setEntry("slow")
        let result = try await graph.compile(checkpointer: try makeStore(), name: "g").invoke(
            tenant: tenant, thread: "t")
        #expect(result.error?.code == .nodeTimeout)
        #expect(seen["cancelled"] == 1)  // the attempt was cancelled, not left running
        #expect(seen["finished"] == 0)
    }

    @Test func cancellingARunStopsItAndResumeContinues() async throws {
        let store = try makeStore()
        var graph = StateGraph(Numbers.self)
        let gate = Counter()
        graph.addNode("first") { _, _ in [.write(\.total, 1)] }
        graph.addNode("slow") { _, _ in
            gate.hit("slow")
            if gate["slow"] == 1 { try await Task.sleep(for: .seconds(30)) }
            return [.write(\.total, 10)]
        }
        graph.setEntry("first")
        graph.addEdge(from: "first", to: "slow")
        let compiled = try graph.compile(checkpointer: store, name: "g")
        let run = Task { try await compiled.invoke(tenant: tenant, thread: "t") }
        while gate["slow"] == 0 { try await Task.sleep(for: .milliseconds(2)) }
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        let stopped = try await compiled.state(tenant: tenant, thread: "t")
        #expect(stopped.thread.status == .cancelled)
        #expect(stopped.state.total == 1)
        let resumed = try await compiled.resume(tenant: tenant, thread: "t")
        #expect(resumed.status == .completed)
        #expect(resumed.state.total == 11)
    }
}
