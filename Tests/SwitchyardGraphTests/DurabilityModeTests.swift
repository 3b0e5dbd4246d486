import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import Testing

/// `RunOptions.durability` (`.sync`, `.async`, `.exit`) and graphs compiled without a checkpointer.
@Suite struct DurabilityModeTests {
    struct Seq: GraphState, Equatable {
        var counter = 0
        var log: [String] = []
        static let channels: [Channel<Seq>] = [Channel("counter", \.counter), Channel("log", \.log, reducer: .append)]
    }

    /// Commits seen by the wrapped checkpointer. With `inputGate`, handed-over commits are written in order by a
    /// task of their own, and the first one (a run's input) only once the gate opens.
    final class Counting: Checkpointer {
        let base: any Checkpointer
        let commits = Mutex(0)
        let inputGate: CommitTicket?
        private let last = Mutex<CommitTicket?>(nil)
        init(_ base: any Checkpointer, inputGate: CommitTicket? = nil) {
            self.base = base
            self.inputGate = inputGate
        }
        func enqueueCommit(_ commit: StepCommit) async throws -> CommitTicket {
            guard let inputGate else {
                try await self.commit(commit)
                return CommitTicket(completed: nil)
            }
            let ticket = CommitTicket()
            let before = last.withLock { last in
                defer { last = ticket }
                return last
            }
            Task {
                do {
                    try await (before ?? inputGate).wait()
                    commits.withLock { $0 += 1 }
                    try await base.commit(commit)
                    ticket.complete(nil)
                } catch {
                    ticket.complete(error)
                }
            }
            return ticket
        }
        func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
            try await base.thread(tenant: tenant, id: id)
        }
        func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
            try await base.threads(tenant: tenant, limit: limit)
        }
        func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
            try await base.checkpoint(tenant: tenant, thread: thread, id: id)
        }
        func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
            try await base.chain(tenant: tenant, thread: thread, to: id)
        }
        func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
            try await base.history(tenant: tenant, thread: thread, limit: limit)
        }
        func commit(_ commit: StepCommit) async throws {
            if inputGate != nil { return try await enqueueCommit(commit).wait() }
            commits.withLock { $0 += 1 }
            try await base.commit(commit)
        }
        func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
            try await base.putPending(tenant: tenant, thread: thread, checkpoint: checkpoint, record: record)
        }
        func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
            try await base.pending(tenant: tenant, thread: thread, checkpoint: checkpoint)
        }
        func setStatus(
            tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?
        ) async throws {
            try await base.setStatus(tenant: tenant, thread: thread, head: head, status: status, error: error)
        }
        func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
            try await base.deleteThread(tenant: tenant, thread: thread)
        }
    }

    /// The highest step any node began, across tasks.
    final class Peak: Sendable {
        private let step = Mutex(0)
        func saw(_ value: Int) { step.withLock { $0 = max($0, value) } }
        var value: Int { step.withLock { $0 } }
    }

    /// A chain of `length` nodes; each adds 1 and logs its name, and records the highest step any node began.
    static func chain(length: Int = 10, started: Peak? = nil) -> StateGraph<Seq> {
        var graph = StateGraph(Seq.self)
        let names = (0..<length).map { "n\($0)" }
        for name in names {
            graph.addNode(name) { state, ctx in
                started?.saw(ctx.step)
                return [.write(\.counter, state.counter + 1), .write(\.log, [name])]
            }
        }
        graph.setEntry(names[0])
        for (a, b) in zip(names, names.dropFirst()) { graph.addEdge(from: a, to: b) }
        return graph
    }

    static let expected = Seq(counter: 10, log: (0..<10).map { "n\($0)" })

    @Test(arguments: [Durability.sync, .async, .exit])
    func everyModeEndsInTheSameStoredState(_ mode: Durability) async throws {
        let store = Counting(InMemoryCheckpointer())
        let graph = try Self.chain().compile(checkpointer: store, name: "chain")
        let result = try await graph.invoke(
            tenant: tenant, thread: "t", input: [.write(\.counter, 0)], options: RunOptions(durability: mode))
        #expect(result.status == .completed)
        #expect(result.state == Self.expected)
        // A fresh graph (no cached head) rebuilds the same state from what was stored.
        let reloaded = try await Self.chain().compile(checkpointer: store, name: "chain").state(
            tenant: tenant, thread: "t")
        #expect(reloaded.state == Self.expected)
        #expect(reloaded.thread.status == .completed)
        #expect(reloaded.checkpoint.id == result.checkpoint)
        // .sync and .async write the input checkpoint and one per step; .exit writes one for the whole run.
        #expect(store.commits.withLock { $0 } == (mode == .exit ? 1 : 11))
    }

    /// `overlapsInputCommit`: the first node runs while the input's commit is still queued (here it cannot be
    /// written before the first node opens the gate: a run that waited for it would never finish), and the thread
    /// still ends with the input's checkpoint and every step's, in order.
    @Test(.timeLimit(.minutes(1))) func aSyncRunsFirstStepOverlapsItsInputCommit() async throws {
        let gate = CommitTicket()
        let store = Counting(InMemoryCheckpointer(), inputGate: gate)
        var graph = StateGraph(Seq.self)
        graph.addNode("open") { _, _ in
            gate.complete(nil)
            return []
        }
        for name in ["n0", "n1", "n2"] {
            graph.addNode(name) { state, _ in [.write(\.counter, state.counter + 1), .write(\.log, [name])] }
        }
        graph.setEntry("open")
        for (a, b) in [("open", "n0"), ("n0", "n1"), ("n1", "n2")] { graph.addEdge(from: a, to: b) }
        let compiled = try graph.compile(checkpointer: store, name: "chain")
        let result = try await compiled.invoke(
            tenant: tenant, thread: "t", input: [.write(\.counter, 0)],
            options: RunOptions(durability: .sync, overlapsInputCommit: true))
        #expect(result.status == .completed && result.state.counter == 3)
        #expect(store.commits.withLock { $0 } == 5)  // the input's and one per step
        let history = try await store.history(tenant: tenant, thread: "t", limit: 10)
        #expect(history.map(\.step) == [4, 3, 2, 1, 0])
        #expect(history.last?.metadata.source == "input")
    }

    @Test func exitModeFoldsAnExistingThreadsStepsIntoOneDelta() async throws {
        let store = InMemoryCheckpointer()
        let graph = try Self.chain().compile(checkpointer: store, name: "chain")
        _ = try await graph.invoke(tenant: tenant, thread: "t", input: [.write(\.counter, 0)])
        let second = try await graph.invoke(
            tenant: tenant, thread: "t", input: [.write(\.counter, 100)], options: RunOptions(durability: .exit))
        #expect(second.state.counter == 110)
        let history = try await store.history(tenant: tenant, thread: "t", limit: 100)
        #expect(history.count == 12)  // 11 from the first run, 1 from the second
        #expect(history[0].delta != nil)  // the folded steps are a delta on the first run's head
        let reloaded = try await Self.chain().compile(checkpointer: store, name: "chain").state(
            tenant: tenant, thread: "t")
        #expect(reloaded.state == second.state)
    }

    /// A run whose store dies after `k` writes (a killed process) loses at most what its mode allows, and a
    /// resume on what was stored ends in the state of a run that never died.
    @Test(arguments: [Durability.sync, .async, .exit])
    func aRunKilledMidWayLosesAtMostWhatItsModeAllows(_ mode: Durability) async throws {
        for k in 1...12 {
            let base = InMemoryCheckpointer()
            let started = Peak()
            let dying = CrashingCheckpointer(base, writesBeforeCrash: k)
            let graph = try Self.chain(started: started).compile(checkpointer: dying, name: "chain")
            var finished = false
            do {
                let result = try await graph.invoke(
                    tenant: tenant, thread: "t", input: [.write(\.counter, 0)], options: RunOptions(durability: mode))
                finished = result.status == .completed
            } catch is CrashingCheckpointer.Crash {}
            // A failed write is never swallowed: the run throws unless every write it needed succeeded
            // (11 commits in .sync and .async, 1 in .exit).
            #expect(finished == (mode == .exit || k >= 11), "k=\(k)")
            let maxStarted = started.value
            let record = try await base.thread(tenant: tenant, id: "t")
            let durableStep: Int
            if let head = record?.head {
                durableStep = try #require(try await base.checkpoint(tenant: tenant, thread: "t", id: head)).step
            } else {
                durableStep = -1  // not even the input checkpoint
            }
            switch mode {
            case .sync:
                // A node of step s runs only once the checkpoint of step s - 1 is written.
                #expect(finished || durableStep >= maxStarted - 1, "k=\(k) durable \(durableStep) ran \(maxStarted)")
            case .async:
                // This checkpointer commits before `enqueueCommit` returns (the default), so at most one checkpoint
                // (the step before the running one) is not yet written; a queueing one allows 8 (CommitPipeline).
                #expect(finished || durableStep >= maxStarted - 2, "k=\(k) durable \(durableStep) ran \(maxStarted)")
            case .exit:
                // Nothing is written before the run stops: all or nothing.
                #expect(durableStep == -1 || durableStep == 10, "k=\(k) durable \(durableStep)")
            }
            let again = try Self.chain().compile(checkpointer: base, name: "chain")
            let final =
                record == nil
                ? try await again.invoke(tenant: tenant, thread: "t", input: [.write(\.counter, 0)])
                : try await again.resume(tenant: tenant, thread: "t")
            #expect(final.status == .completed, "k=\(k)")
            #expect(final.state == Self.expected, "k=\(k)")
        }
    }

    @Test func checkpointFreeGraphRunsLikeACheckpointedOneAndStoresNothing() async throws {
        let free = try Self.chain().compile(name: "chain")
        let result = try await free.invoke(tenant: tenant, thread: "t", input: [.write(\.counter, 0)])
        #expect(result.status == .completed)
        #expect(result.state == Self.expected)
        #expect(result.steps == 10)
        // Every invoke starts from its input: nothing is kept between runs.
        let again = try await free.invoke(tenant: tenant, thread: "t", input: [.write(\.counter, 5)])
        #expect(again.state.counter == 15)
        #expect(again.state.log.count == 10)
        await #expect { try await free.resume(tenant: tenant, thread: "t") } throws: {
            SwitchyardError.code(of: $0) == .checkpointerRequired
        }
        await #expect { try await free.history(tenant: tenant, thread: "t") } throws: {
            SwitchyardError.code(of: $0) == .threadNotFound
        }
    }

    @Test func checkpointFreeFanOutMergesInTaskOrderAndInterruptsFail() async throws {
        var graph = StateGraph(Seq.self)
        graph.addNode("start") { _, _ in .none }
        for name in ["a", "b", "c"] {
            graph.addNode(name) { _, _ in
                if name == "a" { try await Task.sleep(for: .milliseconds(5)) }  // finishes last, merges first
                return [.write(\.log, [name])]
            }
            graph.addEdge(from: "start", to: name)
        }
        graph.setEntry("start")
        let free = try graph.compile(name: "fan")
        let events = EventLog<Seq>()
        let result = try await free.invoke(tenant: tenant, thread: "t", onEvent: events.handler)
        #expect(result.state.log == ["a", "b", "c"])
        #expect(events.all.count > 0)

        var asking = StateGraph(Seq.self)
        asking.addNode("ask") { _, ctx in
            _ = try ctx.interrupt("ok?")
            return .none
        }
        asking.setEntry("ask")
        let failed = try await asking.compile(name: "ask").invoke(tenant: tenant, thread: "t")
        #expect(failed.status == .failed)
        #expect(failed.error?.code == .checkpointerRequired)
    }

    @Test(arguments: [Durability.async, .exit])
    func nonSyncModesKeepInterruptsAndResumeThem(_ mode: Durability) async throws {
        var graph = StateGraph(Seq.self)
        graph.addNode("first") { state, _ in [.write(\.counter, state.counter + 1)] }
        graph.addNode("ask") { _, ctx in
            let answer = try ctx.interrupt("ok?")
            return [.write(\.log, [answer.stringValue ?? "?"])]
        }
        graph.setEntry("first")
        graph.addEdge(from: "first", to: "ask")
        let store = InMemoryCheckpointer()
        let app = try graph.compile(checkpointer: store, name: "ask")
        let options = RunOptions(durability: mode)
        let stopped = try await app.invoke(tenant: tenant, thread: "t", options: options)
        #expect(stopped.status == .interrupted)
        let fresh = try graph.compile(checkpointer: store, name: "ask")
        #expect(try await fresh.state(tenant: tenant, thread: "t").interrupts.map(\.id) == ["2:ask:0"])
        let done = try await fresh.resume(tenant: tenant, thread: "t", value: "yes", options: options)
        #expect(done.status == .completed)
        #expect(done.state == Seq(counter: 1, log: ["yes"]))
    }
}
