import Foundation
import SwitchyardCore

extension CompiledGraph {
    /// The thread's head with its state rebuilt, or `nil` for an unknown thread.
    func loadHead(tenant: TenantID, thread: String) async throws -> Head? {
        guard let record = try await checkpointer.thread(tenant: tenant, id: thread) else { return nil }
        guard record.graph == name else {
            throw SwitchyardError(
                code: .graphMismatch,
                message: "thread '\(thread)' belongs to graph '\(record.graph)', not '\(name)'; run it with that graph")
        }
        guard let headID = record.head else {
            throw SwitchyardError(code: .corruptCheckpoint, message: "thread '\(thread)' has no head checkpoint")
        }
        // Taken out of the cache, so this run holds the only copy of the state and appends without copying it;
        // the run puts its head back when it stops.
        if let cached = heads.take(tenant: tenant, thread: thread, checkpoint: headID) {
            return Head(thread: record, checkpoint: cached.checkpoint, state: cached.state, snapshots: cached.snapshots)
        }
        let (checkpoint, state, snapshots) = try await loadState(tenant: tenant, thread: thread, checkpoint: headID)
        return Head(thread: record, checkpoint: checkpoint, state: state, snapshots: snapshots)
    }

    /// Rebuilds the state at `checkpoint`: its nearest snapshot, then each later delta through the reducers.
    func loadState(
        tenant: TenantID, thread: String, checkpoint id: String
    ) async throws -> (CheckpointRecord, State, SnapshotPolicy) {
        let chain = try await checkpointer.chain(tenant: tenant, thread: thread, to: id)
        guard let base = chain.first, let target = chain.last, target.id == id else {
            throw SwitchyardError(
                code: .checkpointNotFound, message: "thread '\(thread)' has no checkpoint '\(id)'; see its history")
        }
        guard let snapshot = base.snapshot else {
            throw SwitchyardError(
                code: .corruptCheckpoint,
                message: "thread '\(thread)': no snapshot found at or before checkpoint '\(id)'")
        }
        var state = try codec.decodeSnapshot(snapshot, checkpoint: base.id)
        var policy = SnapshotPolicy.afterSnapshot(of: snapshot.count)
        for record in chain.dropFirst() {
            guard let delta = record.delta else {
                throw SwitchyardError(
                    code: .corruptCheckpoint, message: "checkpoint '\(record.id)' holds neither snapshot nor delta")
            }
            try codec.apply(try WriteFrames.decode(delta), to: &state, checkpoint: record.id)
            policy.recordDelta(delta.count)
        }
        return (target, state, policy)
    }

    /// Builds the checkpoint record for a new state, as a snapshot or a delta per the snapshot policy.
    func makeCheckpoint(
        parent: String?, step: Int, state: State, writes: [(channel: String, value: Data)], next: [TaskSpec],
        metadata: CheckpointMetadata, policy: inout SnapshotPolicy, forceSnapshot: Bool = false
    ) throws -> CheckpointRecord {
        let delta = WriteFrames.encode(writes)
        var snapshot: Data?
        if forceSnapshot || parent == nil || policy.shouldSnapshot(adding: delta.count) {
            let data = try codec.encodeSnapshot(state)
            snapshot = data
            policy = .afterSnapshot(of: data.count)
        } else {
            policy.recordDelta(delta.count)
        }
        return CheckpointRecord(
            id: CheckpointID.next(), parentID: parent, step: step, snapshot: snapshot,
            delta: snapshot == nil ? delta : nil, next: next, metadata: metadata)
    }

    /// Applies new input to a thread (or starts it) and checkpoints the result with the entry tasks next.
    func commitInput(
        _ update: Update<State>, tenant: TenantID, thread: String, onto existing: consuming Head?,
        pipeline: inout CommitPipeline, emit: GraphEventHandler<State>?
    ) async throws -> Head {
        var state = existing?.state ?? State()
        existing?.state = State()  // the only other reference: appending below does not copy the history
        let encoded = try codec.encode(update.writes, node: "input")
        for write in update.writes {
            try codec.channel(for: write, node: "input").apply(&state, write.value)
        }
        let step = (existing?.checkpoint.step ?? -1) + 1
        let next = try await route(from: [START], state: state, step: step + 1)
        var policy = existing?.snapshots ?? .afterSnapshot(of: 0)
        let checkpoint = try makeCheckpoint(
            parent: existing?.checkpoint.id, step: step, state: state, writes: encoded, next: next,
            metadata: CheckpointMetadata(source: "input"), policy: &policy)
        let now = Date()
        let status: ThreadStatus = next.isEmpty ? .completed : .running
        let final = state
        try await pipeline.submit(
            StepCommit(
                tenant: tenant, thread: thread, graph: name, expectedHead: existing?.checkpoint.id,
                checkpoint: checkpoint, status: status), input: true
        ) { try codec.encodeSnapshot(final) }
        emit?(.stateUpdated(step: step, checkpoint: checkpoint.id, tasks: [], state: state))
        let record = ThreadRecord(
            tenant: tenant, id: thread, graph: name, status: status, head: checkpoint.id, error: nil,
            createdAt: existing?.thread.createdAt ?? now, updatedAt: now)
        return Head(thread: record, checkpoint: checkpoint, state: state, snapshots: policy, fresh: true)
    }

    /// The tasks of the next step: the successors of `sources` in edge order, nodes once each, sends each.
    func route(from sources: [String], state: State, step: Int) async throws -> [TaskSpec] {
        var next: [TaskSpec] = []
        var plain: Set<String> = []
        var sends: [String: Int] = [:]
        func add(_ target: Target) {
            guard target.node != END else { return }
            if let argument = target.argument {
                let index = sends[target.node, default: 0]
                sends[target.node] = index + 1
                next.append(TaskSpec(id: "\(step):\(target.node):\(index)", node: target.node, argument: argument))
            } else if plain.insert(target.node).inserted {
                next.append(TaskSpec(id: "\(step):\(target.node)", node: target.node))
            }
        }
        for source in sources {
            for to in staticEdges[source] ?? [] { add(.node(to)) }
            for edge in conditionalEdges[source] ?? [] {
                let targets: [Target]
                do {
                    targets = try await edge.route(state)
                } catch {
                    throw SwitchyardError(
                        code: .routeFailed, message: "the router after '\(source)' failed: \(error)", cause: error)
                }
                for target in targets {
                    guard edge.targets.contains(target.node) else {
                        throw SwitchyardError(
                            code: .invalidRoute,
                            message: "the router after '\(source)' returned '\(target.node)', which is not among its "
                                + "declared targets \(edge.targets); add it to addConditionalEdges(targets:)")
                    }
                    add(target)
                }
            }
        }
        return next
    }
}
