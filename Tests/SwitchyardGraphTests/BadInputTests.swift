import Foundation
import GRDB
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import Testing

@Suite struct BadInputTests {
    func simpleGraph(_ store: SQLiteStore, name: String = "g") throws -> CompiledGraph<Chat> {
        var graph = StateGraph(Chat.self)
        graph.addNode("a") { _, _ in [.write(\.messages, ["a"]), .write(\.turns, 1)] }
        graph.addNode("b") { _, ctx in
            _ = try ctx.interrupt("wait")
            return [.write(\.messages, ["b"])]
        }
        graph.setEntry("a")
        graph.addEdge(from: "a", to: "b")
        return try graph.compile(checkpointer: store, name: name)
    }

    /// Runs raw SQL on the store's file, as a corrupting process or a foreign tool would.
    func tamper(_ store: SQLiteStore, _ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    func fingerprint(_ store: SQLiteStore) throws -> String {
        let queue = try DatabaseQueue(path: store.path)
        return try queue.read { db in
            let threads = try Row.fetchAll(db, sql: "SELECT * FROM threads ORDER BY thread").description
            let checkpoints = try Row.fetchAll(db, sql: "SELECT id, snapshot, delta FROM checkpoints ORDER BY id")
                .description
            let pending = try Row.fetchAll(db, sql: "SELECT * FROM pending_writes ORDER BY task_id").description
            return threads + checkpoints + pending
        }
    }

    @Test func unknownThreadIsASpecificError() async throws {
        let graph = try simpleGraph(try makeStore())
        await #expect { try await graph.resume(tenant: tenant, thread: "missing") } throws: {
            SwitchyardError.code(of: $0) == .threadNotFound
        }
        await #expect { try await graph.state(tenant: tenant, thread: "missing") } throws: {
            SwitchyardError.code(of: $0) == .threadNotFound
        }
    }

    @Test func threadsAreInvisibleToOtherTenants() async throws {
        let store = try makeStore()
        let graph = try simpleGraph(store)
        _ = try await graph.invoke(tenant: tenant, thread: "shared-id")
        let other = try TenantID("globex")
        await #expect { try await graph.state(tenant: other, thread: "shared-id") } throws: {
            SwitchyardError.code(of: $0) == .threadNotFound
        }
        #expect(try await store.threads(tenant: other, limit: 10).isEmpty)
        let mine = try await graph.invoke(tenant: other, thread: "shared-id")
        #expect(mine.state.messages == ["a"])
        #expect(try await store.threads(tenant: tenant, limit: 10).count == 1)
    }

    @Test func busyThreadRefusesNewInput() async throws {
        let graph = try simpleGraph(try makeStore())
        _ = try await graph.invoke(tenant: tenant, thread: "t")
        await #expect { try await graph.invoke(tenant: tenant, thread: "t", input: [.write(\.last, "x")]) } throws: {
            SwitchyardError.code(of: $0) == .threadBusy
        }
    }

    @Test func aStateThatNoLongerDecodesIsReportedAndChangesNothing() async throws {
        struct ChatV2: GraphState {
            var messages: [Int] = []
            var turns = 0
            static let channels: [Channel<ChatV2>] = [
                Channel("messages", \.messages, reducer: .append), Channel("turns", \.turns, reducer: .sum),
            ]
        }
        let store = try makeStore()
        _ = try await simpleGraph(store).invoke(tenant: tenant, thread: "t")
        let before = try fingerprint(store)
        var v2 = StateGraph(ChatV2.self)
        v2.addNode("a") { _, _ in .none }
        v2.addNode("b") { _, _ in .none }
        v2.setEntry("a")
        v2.addEdge(from: "a", to: "b")
        let changed = try v2.compile(checkpointer: store, name: "g")
        await #expect { try await changed.resume(tenant: tenant, thread: "t", value: "go") } throws: { error in
            guard let error = error as? SwitchyardError else { return false }
            return error.code == .stateMismatch && error.message.contains("messages")
        }
        #expect(try fingerprint(store) == before)
    }

    @Test func corruptCheckpointDataIsReportedAndChangesNothing() async throws {
        let store = try makeStore()
        _ = try await simpleGraph(store).invoke(tenant: tenant, thread: "t")
        try tamper(store, "UPDATE checkpoints SET snapshot = ? WHERE snapshot IS NOT NULL", [Data("not json{".utf8)])
        let before = try fingerprint(store)
        let restarted = try simpleGraph(store)  // a new process: nothing cached
        await #expect { try await restarted.resume(tenant: tenant, thread: "t", value: "go") } throws: {
            SwitchyardError.code(of: $0) == .corruptCheckpoint
        }
        #expect(try fingerprint(store) == before)
        try tamper(
            store, "UPDATE checkpoints SET delta = ? WHERE delta IS NOT NULL",
            [Data([0x53, 0x59, 0x57, 0x31, 9, 0, 0, 0])])
        await #expect { try await restarted.state(tenant: tenant, thread: "t") } throws: {
            SwitchyardError.code(of: $0) == .corruptCheckpoint
        }
        try tamper(store, "UPDATE checkpoints SET next = 'garbage'")
        await #expect { try await restarted.state(tenant: tenant, thread: "t") } throws: {
            SwitchyardError.code(of: $0) == .corruptCheckpoint
        }
    }

    @Test func aThreadOfAnotherGraphIsRefused() async throws {
        let store = try makeStore()
        _ = try await simpleGraph(store, name: "one").invoke(tenant: tenant, thread: "t")
        await #expect { try await simpleGraph(store, name: "two").resume(tenant: tenant, thread: "t") } throws: {
            SwitchyardError.code(of: $0) == .graphMismatch
        }
    }

    @Test func twoWritersCannotBothAdvanceAThread() async throws {
        let dir = NSTemporaryDirectory() + "switchyard-race-" + UUID().uuidString
        let calls = Counter()
        func graph() throws -> CompiledGraph<Chat> {
            var graph = StateGraph(Chat.self)
            graph.addNode("a") { _, _ in .none }
            graph.addNode("slow") { _, _ in
                calls.hit("slow")
                // Both runs must be inside the step before either commits.
                for _ in 0..<2000 where calls["slow"] < 2 { try await Task.sleep(for: .milliseconds(1)) }
                return [.write(\.turns, 1)]
            }
            graph.setEntry("a")
            graph.addEdge(from: "a", to: "slow")
            return try graph.compile(checkpointer: try SQLiteStore(directory: dir), name: "g")
        }
        let first = try graph()
        _ = try await first.invoke(tenant: tenant, thread: "t", options: RunOptions(interruptBefore: ["slow"]))
        let second = try graph()  // a second connection, as a second process would have
        async let r1 = Result(catching: { try await first.resume(tenant: tenant, thread: "t") })
        async let r2 = Result(catching: { try await second.resume(tenant: tenant, thread: "t") })
        let results = await [r1, r2]
        let wins = results.filter { (try? $0.get())?.status == .completed }
        let conflicts = results.filter {
            if case .failure(let error) = $0 { return SwitchyardError.code(of: error) == "thread_conflict" }
            return false
        }
        #expect(wins.count == 1)
        #expect(conflicts.count == 1)
        let final = try await first.state(tenant: tenant, thread: "t")
        #expect(final.state.turns == 1)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
