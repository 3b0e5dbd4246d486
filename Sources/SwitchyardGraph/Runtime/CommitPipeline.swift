import Foundation
import SwitchyardCore

/// Carries a run's step commits to the checkpointer according to its ``Durability``.
///
/// One pipeline belongs to one run and is used by that run's task only, step after step.
struct CommitPipeline: Sendable {
    let checkpointer: any Checkpointer
    let durability: Durability
    /// `.async`: the commits handed over and not yet known to be durable, oldest first.
    private var inflight: [CommitTicket] = []
    /// `.async`: how many steps' commits may be in flight before a step waits for the oldest; this many finished
    /// steps are what a process killed mid-run can lose.
    static let asyncLag = 8
    /// `.exit`: every step since the last write, folded into one commit.
    private var deferred: StepCommit?

    /// `.sync`: whether the input's commit may be in flight while the first step runs.
    let overlapsInput: Bool

    init(checkpointer: any Checkpointer, durability: Durability, overlapsInput: Bool = false) {
        self.checkpointer = checkpointer
        self.durability = durability
        self.overlapsInput = overlapsInput
    }

    /// Hands over a step's commit; returns once it is as durable as the mode requires: written (`.sync`; the input's
    /// may stay queued until the first step's commit, see ``RunOptions/overlapsInputCommit``), queued
    /// behind the earlier ones with at most ``asyncLag`` in flight (`.async`: the checkpointer keeps them in order
    /// and may write several in one transaction), or folded into the commit written at the end (`.exit`).
    /// - Parameters:
    ///   - commit: the step's commit.
    ///   - input: whether `commit` is the input's (see ``RunOptions/overlapsInputCommit``).
    ///   - snapshot: the step's whole state, encoded, for when folding needs a snapshot.
    mutating func submit(_ commit: StepCommit, input: Bool = false, snapshot: () throws -> Data) async throws {
        switch durability {
        case .sync where input && overlapsInput:
            inflight.append(try await checkpointer.enqueueCommit(commit))
        case .sync where !inflight.isEmpty:
            // Behind the input's commit, in order; both are durable before the next step.
            inflight.append(try await checkpointer.enqueueCommit(commit))
            try await settle()
        case .sync:
            try await checkpointer.commit(commit)
        case .async:
            inflight.append(try await checkpointer.enqueueCommit(commit))
            if inflight.count > Self.asyncLag { try await inflight.removeFirst().wait() }
        case .exit:
            deferred = try deferred.map { try Self.fold($0, then: commit, snapshot: snapshot) } ?? commit
        }
    }

    /// Waits until everything submitted is written; throws what a commit threw (a conflict, say).
    mutating func settle() async throws {
        let tickets = inflight
        inflight = []
        for ticket in tickets { try await ticket.wait() }
        if let commit = deferred {
            deferred = nil
            try await checkpointer.commit(commit)
        }
    }

    /// One commit equal to `first` then `second`: `second`'s checkpoint, hung on `first`'s parent, holding both
    /// steps' writes (a delta replays them in order through the reducers) or a snapshot of the final state.
    static func fold(_ first: StepCommit, then second: StepCommit, snapshot: () throws -> Data) throws -> StepCommit {
        var checkpoint = second.checkpoint
        checkpoint.parentID = first.checkpoint.parentID
        if checkpoint.snapshot == nil {
            if first.checkpoint.snapshot != nil || first.checkpoint.delta == nil || checkpoint.delta == nil {
                checkpoint.snapshot = try snapshot()
                checkpoint.delta = nil
            } else {
                checkpoint.delta = try WriteFrames.concatenate(first.checkpoint.delta!, checkpoint.delta!)
            }
        }
        var metadata = checkpoint.metadata
        metadata.nodes = first.checkpoint.metadata.nodes + metadata.nodes
        metadata.durationsMs.merge(first.checkpoint.metadata.durationsMs) { latest, _ in latest }
        if first.checkpoint.metadata.source == "input" { metadata.source = "input" }
        metadata.forkedFrom = metadata.forkedFrom ?? first.checkpoint.metadata.forkedFrom
        checkpoint.metadata = metadata
        return StepCommit(
            tenant: second.tenant, thread: second.thread, graph: second.graph, expectedHead: first.expectedHead,
            checkpoint: checkpoint, status: second.status)
    }
}
