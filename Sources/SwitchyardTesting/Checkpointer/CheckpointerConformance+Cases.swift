import Foundation
import SwitchyardCore
import SwitchyardGraph
import Testing

extension CheckpointerConformance {
    private func record(
        _ id: String, parent: String?, step: Int, snapshot: String? = nil, delta: [UInt8]? = nil
    ) -> CheckpointRecord {
        CheckpointRecord(
            id: id, parentID: parent, step: step, snapshot: snapshot.map { Data($0.utf8) },
            delta: delta.map { Data($0) },
            next: [TaskSpec(id: "\(step + 1):n", node: "n")], metadata: CheckpointMetadata(source: "loop", nodes: ["n"])
        )
    }

    private func commit(
        _ cp: any Checkpointer, _ tenant: TenantID, _ thread: String, expected: String?, _ record: CheckpointRecord
    )
        async throws
    {
        try await cp.commit(
            StepCommit(
                tenant: tenant, thread: thread, graph: "g", expectedHead: expected, checkpoint: record, status: .running
            ))
    }

    func commitCreatesAndAdvancesAThread() async throws {
        let cp = try await make()
        try await commit(cp, a, "t", expected: nil, record("c0", parent: nil, step: 0, snapshot: "{}"))
        try await commit(cp, a, "t", expected: "c0", record("c1", parent: "c0", step: 1, delta: [1]))
        let thread = try #require(try await cp.thread(tenant: a, id: "t"))
        #expect(thread.head == "c1")
        #expect(thread.graph == "g")
        #expect(try await cp.history(tenant: a, thread: "t", limit: 10).map(\.id) == ["c1", "c0"])
        let stored = try #require(try await cp.checkpoint(tenant: a, thread: "t", id: "c1"))
        #expect(stored.delta == Data([1]))
        #expect(stored.next == [TaskSpec(id: "2:n", node: "n")])
        #expect(stored.metadata.nodes == ["n"])
    }

    func staleHeadIsAConflictThatChangesNothing() async throws {
        let cp = try await make()
        try await commit(cp, a, "t", expected: nil, record("c0", parent: nil, step: 0, snapshot: "{}"))
        try await commit(cp, a, "t", expected: "c0", record("c1", parent: "c0", step: 1, delta: [1]))
        await #expect {
            try await commit(cp, a, "t", expected: "c0", record("c1b", parent: "c0", step: 1, delta: [2]))
        } throws: {
            code(of: $0) == .threadConflict
        }
        await #expect {
            try await commit(cp, a, "t", expected: nil, record("x", parent: nil, step: 0, snapshot: "{}"))
        } throws: {
            code(of: $0) == .threadConflict
        }
        #expect(try await cp.checkpoint(tenant: a, thread: "t", id: "c1b") == nil)
        #expect(try await cp.thread(tenant: a, id: "t")?.head == "c1")
        await #expect {
            try await cp.putPending(
                tenant: a, thread: "t", checkpoint: "c0",
                record: PendingWrite(taskID: "x", kind: .done, payload: Data()))
        } throws: {
            code(of: $0) == .threadConflict
        }
    }

    func chainStopsAtTheNearestSnapshot() async throws {
        let cp = try await make()
        try await commit(cp, a, "t", expected: nil, record("c0", parent: nil, step: 0, snapshot: "{}"))
        try await commit(cp, a, "t", expected: "c0", record("c1", parent: "c0", step: 1, delta: [1]))
        try await commit(cp, a, "t", expected: "c1", record("c2", parent: "c1", step: 2, snapshot: "{\"x\":1}"))
        try await commit(cp, a, "t", expected: "c2", record("c3", parent: "c2", step: 3, delta: [3]))
        #expect(try await cp.chain(tenant: a, thread: "t", to: "c3").map(\.id) == ["c2", "c3"])
        #expect(try await cp.chain(tenant: a, thread: "t", to: "c1").map(\.id) == ["c0", "c1"])
        #expect(try await cp.chain(tenant: a, thread: "t", to: "missing").isEmpty)
    }

    func pendingRecordsAreReplacedAndDroppedOnCommit() async throws {
        let cp = try await make()
        try await commit(cp, a, "t", expected: nil, record("c0", parent: nil, step: 0, snapshot: "{}"))
        try await cp.putPending(
            tenant: a, thread: "t", checkpoint: "c0",
            record: PendingWrite(taskID: "1:x", kind: .resume, payload: Data([1])))
        try await cp.putPending(
            tenant: a, thread: "t", checkpoint: "c0",
            record: PendingWrite(taskID: "1:x", kind: .resume, payload: Data([2])))
        try await cp.putPending(
            tenant: a, thread: "t", checkpoint: "c0",
            record: PendingWrite(taskID: "1:y", kind: .done, payload: Data([3])))
        let pending = try await cp.pending(tenant: a, thread: "t", checkpoint: "c0")
        #expect(pending.count == 2)
        #expect(pending.first { $0.taskID == "1:x" }?.payload == Data([2]))
        try await commit(cp, a, "t", expected: "c0", record("c1", parent: "c0", step: 1, delta: [1]))
        #expect(try await cp.pending(tenant: a, thread: "t", checkpoint: "c0").isEmpty)
    }

    func tenantsNeverSeeEachOthersThreads() async throws {
        let cp = try await make()
        try await commit(cp, a, "same", expected: nil, record("ca", parent: nil, step: 0, snapshot: "{\"a\":1}"))
        try await commit(cp, b, "same", expected: nil, record("cb", parent: nil, step: 0, snapshot: "{\"b\":1}"))
        #expect(try await cp.thread(tenant: a, id: "same")?.head == "ca")
        #expect(try await cp.thread(tenant: b, id: "same")?.head == "cb")
        #expect(try await cp.checkpoint(tenant: a, thread: "same", id: "cb") == nil)
        #expect(try await cp.chain(tenant: b, thread: "same", to: "ca").isEmpty)
        #expect(try await cp.threads(tenant: a, limit: 10).map(\.id) == ["same"])
        await #expect {
            try await cp.putPending(
                tenant: b, thread: "same", checkpoint: "ca",
                record: PendingWrite(taskID: "x", kind: .done, payload: Data()))
        } throws: {
            code(of: $0) == .threadConflict
        }
        #expect(try await cp.deleteThread(tenant: b, thread: "same"))
        #expect(try await cp.thread(tenant: b, id: "same") == nil)
        #expect(try await cp.thread(tenant: a, id: "same")?.head == "ca")
        #expect(try await cp.deleteThread(tenant: b, thread: "same") == false)
    }

    func statusChangesOnlyAtTheExpectedHead() async throws {
        let cp = try await make()
        try await commit(cp, a, "t", expected: nil, record("c0", parent: nil, step: 0, snapshot: "{}"))
        try await cp.setStatus(tenant: a, thread: "t", head: "stale", status: .failed, error: "x")
        #expect(try await cp.thread(tenant: a, id: "t")?.status == .running)
        try await cp.setStatus(tenant: a, thread: "t", head: "c0", status: .failed, error: "boom")
        let thread = try await cp.thread(tenant: a, id: "t")
        #expect(thread?.status == .failed)
        #expect(thread?.error == "boom")
    }

    private func code(of error: any Error) -> SwitchyardError.Code? { (error as? SwitchyardError)?.code }
}
