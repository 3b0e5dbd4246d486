import Foundation
import GRDB
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import Testing

@Suite struct InterruptTests {
    func approvalGraph(_ store: SQLiteStore, calls: Counter = Counter()) throws -> CompiledGraph<Chat> {
        var graph = StateGraph(Chat.self)
        graph.addNode("draft") { _, _ in
            calls.hit("draft")
            return [.write(\.messages, ["draft"])]
        }
        graph.addNode("approve") { state, ctx in
            calls.hit("approve")
            let answer = try ctx.interrupt(["question": "ok?", "messages": .int(state.messages.count)])
            let second = try ctx.interrupt("sure?")
            return [.write(\.last, "\(answer.jsonText)/\(second.jsonText)")]
        }
        graph.setEntry("draft")
        graph.addEdge(from: "draft", to: "approve")
        return try graph.compile(checkpointer: store, name: "approval")
    }

    @Test func interruptStopsStoresPayloadAndResumeReturnsTheValue() async throws {
        let store = try makeStore()
        let calls = Counter()
        let graph = try approvalGraph(store, calls: calls)
        let first = try await graph.invoke(tenant: tenant, thread: "t")
        #expect(first.status == .interrupted)
        #expect(first.interrupts.map(\.id) == ["2:approve:0"])
        #expect(first.interrupts.first?.payload == ["question": "ok?", "messages": 1])
        let shown = try await graph.state(tenant: tenant, thread: "t")
        #expect(shown.thread.status == .interrupted)
        #expect(shown.interrupts.map(\.id) == ["2:approve:0"])

        let second = try await graph.resume(tenant: tenant, thread: "t", value: "yes")
        #expect(second.status == .interrupted)
        #expect(second.interrupts.map(\.id) == ["2:approve:1"])
        #expect(second.interrupts.first?.payload == "sure?")

        let third = try await graph.resume(tenant: tenant, thread: "t", value: true)
        #expect(third.status == .completed)
        #expect(third.state.last == #""yes"/true"#)
        #expect(calls["draft"] == 1)
        #expect(calls["approve"] == 3)  // the node re-runs from its start on each resume
    }

    @Test func severalPendingInterruptsAreAnsweredByID() async throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("fan") { _, _ in .none }
        for name in ["left", "right"] {
            graph.addNode(name) { _, ctx in
                let answer = try ctx.interrupt(.string(name))
                return [.write(\.messages, ["\(name)=\(answer.stringValue ?? "?")"])]
            }
            graph.addEdge(from: "fan", to: name)
        }
        graph.setEntry("fan")
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        let first = try await compiled.invoke(tenant: tenant, thread: "t")
        #expect(Set(first.interrupts.map(\.id)) == ["2:left:0", "2:right:0"])

        await #expect { try await compiled.resume(tenant: tenant, thread: "t", value: "x") } throws: {
            SwitchyardError.code(of: $0) == "ambiguous_resume"
        }
        await #expect { try await compiled.resume(tenant: tenant, thread: "t", answers: ["2:nope:0": "x"]) } throws: {
            SwitchyardError.code(of: $0) == .unknownInterrupt
        }
        let partial = try await compiled.resume(tenant: tenant, thread: "t", answers: ["2:right:0": "R"])
        #expect(partial.status == .interrupted)
        #expect(partial.interrupts.map(\.id) == ["2:left:0"])
        let done = try await compiled.resume(tenant: tenant, thread: "t", answers: ["2:left:0": "L"])
        #expect(done.status == .completed)
        #expect(done.state.messages == ["left=L", "right=R"])
    }

    @Test func breakpointsStopBeforeAndAfterNodes() async throws {
        let store = try makeStore()
        let graph = try approvalGraph(store)
        let options = RunOptions(interruptBefore: ["approve"])
        let first = try await graph.invoke(tenant: tenant, thread: "t", options: options)
        #expect(first.status == .interrupted)
        #expect(first.interrupts.map(\.id) == ["before:approve"])
        #expect(first.state.messages == ["draft"])
        let second = try await graph.resume(tenant: tenant, thread: "t", options: options)
        #expect(second.interrupts.map(\.id) == ["2:approve:0"])
    }
}

@Suite struct PendingWriteTests {
    struct Boom: Error {}

    @Test func finishedSiblingsOfAFailedNodeAreNotRerun() async throws {
        let calls = Counter()
        let failing = Counter()
        var graph = StateGraph(Chat.self)
        graph.addNode("fan") { _, _ in .none }
        for name in ["ok1", "bad", "ok2"] {
            graph.addNode(name) { _, _ in
                calls.hit(name)
                if name == "bad" && failing["armed"] == 0 { throw Boom() }
                return [.write(\.messages, [name])]
            }
            graph.addEdge(from: "fan", to: name)
        }
        graph.setEntry("fan")
        let store = try makeStore()
        let compiled = try graph.compile(checkpointer: store, name: "g")
        let first = try await compiled.invoke(tenant: tenant, thread: "t")
        #expect(first.status == .failed)
        #expect(first.error?.code == .nodeFailed)
        let head = try await compiled.state(tenant: tenant, thread: "t")
        let pending = try await store.pending(tenant: tenant, thread: "t", checkpoint: head.checkpoint.id)
        #expect(Set(pending.filter { $0.kind == .done }.map(\.taskID)) == ["2:ok1", "2:ok2"])

        failing.hit("armed")
        let second = try await compiled.resume(tenant: tenant, thread: "t")
        #expect(second.status == .completed)
        #expect(second.state.messages == ["ok1", "bad", "ok2"])
        #expect(calls["ok1"] == 1)
        #expect(calls["ok2"] == 1)
        #expect(calls["bad"] == 2)
    }
}

@Suite struct StorageGrowthTests {
    /// A 1,000-turn chat appending one ~400-byte message per turn: the bytes stored per turn stay flat.
    @Test func storageIsLinearInTurns() async throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("reply") { state, _ in
            [.write(\.messages, ["reply \(state.turns): " + String(repeating: "r", count: 380)]), .write(\.turns, 1)]
        }
        graph.setEntry("reply")
        let store = try makeStore()
        let compiled = try graph.compile(checkpointer: store, name: "chat")
        var payload = 0
        var storedAt: [Int: Int] = [:]
        for turn in 1...1000 {
            let message = "user \(turn): " + String(repeating: "u", count: 380)
            payload += message.utf8.count + 390
            let result = try await compiled.invoke(
                tenant: tenant, thread: "chat", input: [.write(\.messages, [message])])
            #expect(result.state.messages.count == 2 * turn)
            if turn == 250 || turn == 1000 {
                let history = try await store.history(tenant: tenant, thread: "chat", limit: 100_000)
                storedAt[turn] = history.reduce(0) { $0 + $1.storedBytes }
            }
        }
        let at250 = try #require(storedAt[250])
        let at1000 = try #require(storedAt[1000])
        // Quadratic storage would grow 16× from 250 to 1,000 turns; linear grows 4× (plus snapshot steps).
        #expect(Double(at1000) / Double(at250) < 6)
        #expect(at1000 < 4 * payload)
        let state = try await compiled.state(tenant: tenant, thread: "chat")
        #expect(state.state.turns == 1000)
        #expect(state.state.messages.count == 2000)
    }
}

@Suite struct HistoryForkTests {
    @Test func historyListsCheckpointsAndForkStartsANewThread() async throws {
        var graph = StateGraph(Chat.self)
        graph.addNode("a") { _, _ in [.write(\.messages, ["a"])] }
        graph.addNode("b") { state, _ in [.write(\.messages, ["b after \(state.last)"])] }
        graph.setEntry("a")
        graph.addEdge(from: "a", to: "b")
        let compiled = try graph.compile(checkpointer: try makeStore(), name: "g")
        _ = try await compiled.invoke(tenant: tenant, thread: "t", input: [.write(\.last, "original")])
        let history = try await compiled.history(tenant: tenant, thread: "t")
        #expect(history.map(\.step) == [2, 1, 0])
        #expect(history.map(\.metadata.source) == ["loop", "loop", "input"])
        #expect(history[0].parentID == history[1].id)
        let afterA = history[1]

        let fork = try await compiled.fork(tenant: tenant, thread: "t", checkpoint: afterA.id, into: "t2") {
            $0.last = "edited"
        }
        #expect(fork.thread.status == .pending)
        #expect(fork.checkpoint.metadata.forkedFrom == ForkOrigin(thread: "t", checkpoint: afterA.id))
        let resumed = try await compiled.resume(tenant: tenant, thread: "t2")
        #expect(resumed.state.messages == ["a", "b after edited"])
        let original = try await compiled.state(tenant: tenant, thread: "t")
        #expect(original.state.messages == ["a", "b after original"])

        let viaJSON = try await compiled.fork(
            tenant: tenant, thread: "t", checkpoint: afterA.id, into: "t3", merging: ["last": "json"])
        #expect(viaJSON.state.last == "json")
        await #expect {
            try await compiled.fork(tenant: tenant, thread: "t", into: "t4", merging: ["nope": 1])
        } throws: {
            SwitchyardError.code(of: $0) == .invalidStateEdit
        }
        await #expect {
            try await compiled.fork(tenant: tenant, thread: "t", into: "t4", merging: ["turns": "x"])
        } throws: {
            SwitchyardError.code(of: $0) == .invalidStateEdit
        }
        await #expect { try await compiled.fork(tenant: tenant, thread: "t", into: "t2") } throws: {
            SwitchyardError.code(of: $0) == .threadExists
        }
    }
}
