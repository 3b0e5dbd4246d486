import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import Testing

/// Group commit in `SQLiteCheckpointer`: concurrent commits share transactions, each caller resumes only once its
/// own commit is written, one failing commit in a batch (a lost compare-and-set, or a failure after rows changed)
/// changes nothing else, and the WAL is folded into the database in the background without growing unbounded.
@Suite struct SQLiteGroupCommitTests {
    let tenant = try! TenantID("group")

    func path() -> String {
        let dir = NSTemporaryDirectory() + "switchyard-group-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/graph.sqlite"
    }

    func record(_ id: String, parent: String?, step: Int) -> CheckpointRecord {
        CheckpointRecord(
            id: id, parentID: parent, step: step, snapshot: parent == nil ? Data("{}".utf8) : nil,
            delta: parent == nil ? nil : Data([UInt8(step & 0xFF)]), next: [TaskSpec(id: "\(step + 1):n", node: "n")],
            metadata: CheckpointMetadata(source: "loop", nodes: ["n"], durationsMs: ["\(step):n": 0.5]))
    }

    func commit(
        _ store: SQLiteCheckpointer, _ thread: String, expected: String?, _ record: CheckpointRecord
    )
        async throws
    {
        try await store.commit(
            StepCommit(
                tenant: tenant, thread: thread, graph: "g", expectedHead: expected, checkpoint: record,
                status: .running))
    }

    @Test(.timeLimit(.minutes(1))) func concurrentRunsShareTransactionsAndEveryAcknowledgedCommitIsStored()
        async throws
    {
        let file = path()
        let store = try SQLiteCheckpointer(path: file, durableCommits: true)
        #expect(try store.synchronousMode() == 2)
        let threads = 40
        let steps = 5
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<threads {
                group.addTask {
                    var head: String?
                    for step in 0..<steps {
                        let id = "t\(t)-c\(step)"
                        try await commit(store, "t\(t)", expected: head, record(id, parent: head, step: step))
                        head = id
                    }
                }
            }
            try await group.waitForAll()
        }
        let stats = store.writeStats
        #expect(stats.writes == threads * steps)
        // 40 runs writing at once: commits wait for the transaction in flight and go in together.
        #expect(stats.batches < stats.writes)
        #expect(stats.largestBatch > 1)
        // Everything acknowledged is in the file, seen by a new connection.
        let reopened = try SQLiteCheckpointer(path: file)
        for t in 0..<threads {
            let thread = try #require(try await reopened.thread(tenant: tenant, id: "t\(t)"))
            #expect(thread.head == "t\(t)-c\(steps - 1)")
            let history = try await reopened.history(tenant: tenant, thread: "t\(t)", limit: 100)
            #expect(history.map(\.id) == (0..<steps).reversed().map { "t\(t)-c\($0)" })
            #expect(history[0].metadata.durationsMs == ["\(steps - 1):n": 0.5])
        }
    }

    /// With fsync per commit, a run writing alone commits in its own thread (no hop to the writer's queue and back):
    /// one transaction, so one WAL fsync, per commit, finished before `commit` returns; once several runs write at
    /// once, their commits queue behind each other and are batched on the writer again.
    @Test(.timeLimit(.minutes(1))) func aLoneRunCommitsInlineAndConcurrentRunsStillBatch() async throws {
        let file = path()
        let store = try SQLiteCheckpointer(path: file, durableCommits: true)
        var head: String?
        for step in 0..<20 {
            let id = "lone-c\(step)"
            try await commit(store, "lone", expected: head, record(id, parent: head, step: step))
            head = id
            // Acknowledged means committed: another connection sees it as soon as the call returns.
            let reader = try SQLiteCheckpointer(path: file)
            #expect(try await reader.thread(tenant: tenant, id: "lone")?.head == id)
        }
        let lone = store.writeStats
        #expect(lone.writes == 20)
        #expect(lone.batches == 20)  // one transaction (one fsync) per commit
        #expect(lone.inlineBatches == 20, "a lone run's commits went through the queue: \(lone)")
        let threads = 20
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<threads {
                group.addTask {
                    var head: String?
                    for step in 0..<5 {
                        let id = "t\(t)-c\(step)"
                        try await commit(store, "t\(t)", expected: head, record(id, parent: head, step: step))
                        head = id
                    }
                }
            }
            try await group.waitForAll()
        }
        let both = store.writeStats
        #expect(both.writes - lone.writes == threads * 5)
        #expect(both.batches - lone.batches < threads * 5, "concurrent commits were not batched: \(both)")
        #expect(both.largestBatch > 1)
        // Alone again: after two batches of one, commits go inline again. A run does some work between its
        // commits (here 5 ms), so the writer has gone idle when the next one comes; back to back, the next commit
        // can reach the queue before the writer's loop has seen it empty, and go through the queue again.
        for step in 20..<26 {
            let id = "lone-c\(step)"
            try await commit(store, "lone", expected: head, record(id, parent: head, step: step))
            head = id
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(store.writeStats.inlineBatches > both.inlineBatches, "\(store.writeStats)")
        #expect(try await SQLiteCheckpointer(path: file).thread(tenant: tenant, id: "lone")?.head == "lone-c25")
    }

    @Test(.timeLimit(.minutes(1))) func aLostCompareAndSetInABatchChangesNothingElse() async throws {
        let store = try SQLiteCheckpointer(path: path(), durableCommits: true)
        try await commit(store, "shared", expected: nil, record("root", parent: nil, step: 0))
        let contenders = 16
        // Half the tasks race to advance one thread from the same head, half create threads of their own; all
        // are queued together, so they land in the same transactions.
        let outcomes = await withTaskGroup(of: (Int, String?).self) { group in
            for i in 0..<contenders {
                group.addTask {
                    do {
                        if i % 2 == 0 {
                            try await commit(
                                store, "shared", expected: "root", record("s\(i)", parent: "root", step: 1))
                        } else {
                            try await commit(store, "own\(i)", expected: nil, record("o\(i)", parent: nil, step: 0))
                        }
                        return (i, nil)
                    } catch {
                        return (i, (error as? SwitchyardError)?.code.rawValue ?? "\(error)")
                    }
                }
            }
            // `.some`: a nil outcome (success) must stay in the dictionary, not remove the key.
            return await group.reduce(into: [Int: String?]()) { $0[$1.0] = .some($1.1) }
        }
        let racers = outcomes.filter { $0.key % 2 == 0 }
        let winners = racers.filter { $0.value == nil }.map(\.key)
        #expect(winners.count == 1, "\(outcomes)")
        #expect(racers.values.filter { $0 == "thread_conflict" }.count == contenders / 2 - 1)
        let winner = try #require(winners.first)
        #expect(try await store.thread(tenant: tenant, id: "shared")?.head == "s\(winner)")
        // The losers' checkpoints were rolled back; the winner's and every other thread's are there.
        let history = try await store.history(tenant: tenant, thread: "shared", limit: 100)
        #expect(Set(history.map(\.id)) == ["root", "s\(winner)"])
        for i in stride(from: 1, to: contenders, by: 2) {
            #expect(outcomes[i]! == nil)
            #expect(try await store.thread(tenant: tenant, id: "own\(i)")?.head == "o\(i)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func aBatchedCommitThatFailsAfterChangingRowsIsUndoneAlone() async throws {
        let store = try SQLiteCheckpointer(path: path(), durableCommits: true)
        try await commit(store, "dup", expected: nil, record("a", parent: nil, step: 0))
        // The bad commit moves the head (a row changed) and then fails: its checkpoint id is already taken. Batches
        // run without savepoints until such a failure; then the batch is rolled back and run again, each commit in
        // a savepoint, so only the bad one is undone. Fifteen good commits are queued with it.
        let outcomes = await withTaskGroup(of: (Int, String?).self) { group in
            for i in 0..<16 {
                group.addTask {
                    do {
                        if i == 7 {
                            try await store.commit(
                                StepCommit(
                                    tenant: tenant, thread: "dup", graph: "g", expectedHead: "a",
                                    checkpoint: record("a", parent: "a", step: 1), status: .completed))
                        } else {
                            try await commit(store, "ok\(i)", expected: nil, record("k\(i)", parent: nil, step: 0))
                        }
                        return (i, nil)
                    } catch {
                        return (i, (error as? SwitchyardError)?.code.rawValue ?? "\(error)")
                    }
                }
            }
            return await group.reduce(into: [Int: String?]()) { $0[$1.0] = .some($1.1) }
        }
        #expect(outcomes[7]! == "store_failed", "\(outcomes)")
        let dup = try #require(try await store.thread(tenant: tenant, id: "dup"))
        #expect(dup.head == "a")
        #expect(dup.status == .running)
        for i in 0..<16 where i != 7 {
            #expect(outcomes[i]! == nil)
            #expect(try await store.thread(tenant: tenant, id: "ok\(i)")?.head == "k\(i)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func theWALIsFoldedInTheBackgroundAndStaysBounded() async throws {
        let file = path()
        try await writeManyFrames(file)
        // The store is gone: closing waited for the background checkpoint and closed its connection, so the last
        // connection to close folded the WAL and deleted it, as without background folding.
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
    }

    /// With fsync per commit the WAL is folded only inline, by the writer (a background checkpoint's fsyncs would
    /// compete with the commits' own), and stays bounded all the same.
    @Test(.timeLimit(.minutes(1))) func withFsyncPerCommitTheWALIsFoldedInlineAndStaysBounded() async throws {
        let file = path()
        let store = try SQLiteCheckpointer(path: file, durableCommits: true)
        // A 64 KiB snapshot spills to about 17 overflow pages: 300 commits write some 5,000 frames.
        let snapshot = Data(repeating: 0x62, count: 65536)
        for i in 0..<300 {
            let checkpoint = CheckpointRecord(
                id: "c\(i)", parentID: nil, step: 0, snapshot: snapshot, delta: nil, next: [],
                metadata: CheckpointMetadata(source: "input"))
            try await store.commit(
                StepCommit(
                    tenant: tenant, thread: "t\(i)", graph: "g", expectedHead: nil, checkpoint: checkpoint,
                    status: .completed))
        }
        #expect(store.writeStats.walFolds == 0)
        let wal = try #require(try FileManager.default.attributesOfItem(atPath: file + "-wal")[.size] as? Int)
        #expect(wal < 2 * 4000 * 4120, "WAL is \(wal) bytes")
        #expect(try await store.thread(tenant: tenant, id: "t299")?.head == "c299")
    }

    /// About 3 WAL frames per commit (an 8 KiB snapshot spills to overflow pages): 12,000 frames in all, three
    /// times the point where the writer folds inline; checks the WAL stayed bounded, then closes the store.
    func writeManyFrames(_ file: String) async throws {
        let store = try SQLiteCheckpointer(path: file)
        let snapshot = Data(repeating: 0x61, count: 8192)
        for i in 0..<4000 {
            let checkpoint = CheckpointRecord(
                id: "c\(i)", parentID: nil, step: 0, snapshot: snapshot, delta: nil, next: [],
                metadata: CheckpointMetadata(source: "input"))
            try await store.commit(
                StepCommit(
                    tenant: tenant, thread: "t\(i)", graph: "g", expectedHead: nil, checkpoint: checkpoint,
                    status: .completed))
        }
        // A background checkpoint that folded frames (one that folded none, as one on a connection that had not
        // opened the WAL did, does not count).
        let deadline = ContinuousClock.now + .seconds(20)
        while store.writeStats.walFolds == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(store.writeStats.walFolds > 0, "no background checkpoint folded a frame")
        let wal = try #require(try FileManager.default.attributesOfItem(atPath: file + "-wal")[.size] as? Int)
        // Without folding the WAL would hold every frame (about 50 MB); it restarts once folded.
        #expect(wal < 2 * 4000 * 4120, "WAL is \(wal) bytes")
        #expect(try await store.thread(tenant: tenant, id: "t3999")?.head == "c3999")
    }

    @Test func aForeignFileIsRefusedUntouched() throws {
        let file = path()
        let original = Data("not a database at all, just text".utf8)
        _ = FileManager.default.createFile(atPath: file, contents: original)
        #expect { try SQLiteCheckpointer(path: file) } throws: {
            ($0 as? SwitchyardError)?.code == .foreignDatabase
        }
        #expect(FileManager.default.contents(atPath: file) == original)
    }

    /// One writer per file: the store's own writes (here the journal) and its checkpoints go through one writer
    /// and share transactions, instead of two connections taking turns on the write lock.
    @Test(.timeLimit(.minutes(1))) func theStoresWritesAndItsCheckpointsShareOneWriter() async throws {
        let directory = NSTemporaryDirectory() + "switchyard-onewriter-" + UUID().uuidString
        let store = try SQLiteStore(directory: directory, options: .init(createDirectory: true, durableCommits: true))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Alone, the store's writes and its checkpoints go through the same writer, on its queue: the store's writer
        // serves worker pools and servers, whose cooperative threads are never held for an fsync.
        try await commit(store.checkpoints, "lone", expected: nil, record("lone-c0", parent: nil, step: 0))
        try await store.putJournal(tenant: tenant, key: "lone", value: .int(0))
        try await commit(store.checkpoints, "lone", expected: "lone-c0", record("lone-c1", parent: "lone-c0", step: 1))
        let lone = store.checkpoints.writeStats
        #expect(lone.writes == 3 && lone.inlineBatches == 0, "\(lone)")
        let threads = 20
        let steps = 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<threads {
                group.addTask {
                    var head: String?
                    for step in 0..<steps {
                        let id = "t\(t)-c\(step)"
                        try await commit(
                            store.checkpoints, "t\(t)", expected: head, record(id, parent: head, step: step))
                        head = id
                        try await store.putJournal(tenant: tenant, key: id, value: .int(step))
                    }
                }
            }
            try await group.waitForAll()
        }
        let stats = store.checkpoints.writeStats
        // Every checkpoint and every journal entry went through the checkpointer's writer...
        #expect(stats.writes - lone.writes == 2 * threads * steps)
        // ...in shared transactions.
        #expect(stats.batches < stats.writes)
        #expect(stats.largestBatch > 1)
        let reopened = try SQLiteStore(directory: directory)
        for t in 0..<threads {
            #expect(try await reopened.thread(tenant: tenant, id: "t\(t)")?.head == "t\(t)-c\(steps - 1)")
            #expect(try await reopened.journal(tenant: tenant, key: "t\(t)-c\(steps - 1)") == .int(steps - 1))
        }
    }

    struct Count: GraphState, Equatable {
        var n = 0
        static let channels: [Channel<Count>] = [Channel("n", \.n)]
    }

    /// `durability: async` hands a run's commits to the one writer in order without waiting for each, so one run's
    /// steps share fsyncs; the thread ends exactly as a run that waited for every commit.
    @Test(.timeLimit(.minutes(1))) func anAsyncRunsCommitsShareTransactionsAndEndInTheSameState() async throws {
        let steps = 30
        var graph = StateGraph(Count.self)
        for i in 0..<steps {
            graph.addNode("n\(i)") { state, _ in [.write(\.n, state.n + 1)] }
            graph.addEdge(from: i == 0 ? START : "n\(i - 1)", to: "n\(i)")
        }
        graph.addEdge(from: "n\(steps - 1)", to: END)
        let store = try SQLiteCheckpointer(path: path(), durableCommits: true)
        let compiled = try graph.compile(checkpointer: store, name: "count")
        let result = try await compiled.invoke(
            tenant: tenant, thread: "a", input: [.write(\.n, 0)], options: RunOptions(durability: .async))
        #expect(result.status == .completed)
        #expect(result.state.n == steps)
        let stats = store.writeStats
        #expect(stats.writes == steps + 1)  // the input's checkpoint and one per step
        #expect(stats.batches < stats.writes, "one run's commits were not batched: \(stats)")
        // What was stored replays to the same state, with every step's checkpoint in order.
        let reopened = try SQLiteCheckpointer(path: store.path)
        let stored = try await graph.compile(checkpointer: reopened, name: "count").state(tenant: tenant, thread: "a")
        #expect(stored.state.n == steps)
        let history = try await reopened.history(tenant: tenant, thread: "a", limit: 100)
        #expect(history.count == steps + 1)
        #expect(history.map(\.step) == history.map(\.step).sorted(by: >))
    }

    @Test func theDefaultIsNormalAndDurableCommitsIsFull() throws {
        #expect(try SQLiteCheckpointer(path: path()).synchronousMode() == 1)
        #expect(try SQLiteCheckpointer(path: path(), durableCommits: true).synchronousMode() == 2)
    }
}
