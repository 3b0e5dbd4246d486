import SwitchyardCore
import SwitchyardGraph
import Testing

@Suite struct CompileTests {
    @Test func reportsEveryProblemAtOnce() throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("a") { _, _ in .none }
        graph.addNode("b") { _, _ in .none }
        graph.addNode("island") { _, _ in .none }
        graph.addNode("loop1") { _, _ in .none }
        graph.addNode("loop2") { _, _ in .none }
        graph.addNode("a") { _, _ in .none }
        graph.addEdge(from: "a", to: "ghost")
        graph.addEdge(from: "b", to: "loop1")
        graph.addEdge(from: "loop1", to: "loop2")
        graph.addEdge(from: "loop2", to: "loop1")
        graph.addConditionalEdges(from: "a", targets: ["b", "phantom"]) { _ in [.node("b")] }
        let store = try makeStore()
        do {
            _ = try graph.compile(checkpointer: store, name: "broken")
            Issue.record("compile should fail")
        } catch let error as SwitchyardError {
            #expect(error.code == .invalidGraph)
            let all = error.details.joined(separator: "\n")
            #expect(all.contains("node 'a' is added twice"))
            #expect(all.contains("unknown node 'ghost'"))
            #expect(all.contains("unknown node 'phantom'"))
            #expect(all.contains("no entry"))
            #expect(!all.contains("unreachable"))  // without an entry, reachability is not judged
            #expect(all.contains("node 'loop1' has no path to END"))
            #expect(all.contains("node 'loop2' has no path to END"))
            #expect(error.details.count >= 6)
        }
    }

    @Test func reportsUnreachableNodes() throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("a") { _, _ in .none }
        graph.addNode("orphan") { _, _ in .none }
        graph.setEntry("a")
        #expect {
            try graph.compile(checkpointer: try makeStore(), name: "g")
        } throws: { error in
            (error as? SwitchyardError)?.details == ["node 'orphan' is unreachable from START"]
        }
    }

    @Test func rejectsReservedNames() throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("__start__") { _, _ in .none }
        graph.addNode("ok") { _, _ in .none }
        graph.setEntry("ok")
        #expect(throws: SwitchyardError.self) { try graph.compile(checkpointer: try makeStore(), name: "g") }
    }

    @Test func nodeWithoutEdgesEndsItsBranch() async throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("only") { _, _ in [.write(\.last, "done")] }
        graph.setEntry("only")
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        let result = try await compiled.invoke(tenant: tenant, thread: "t")
        #expect(result.status == .completed)
        #expect(result.state.last == "done")
    }
}
