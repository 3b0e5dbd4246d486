import Foundation
import SwitchyardCore

/// One task scheduled for a step: a node, and the argument when a `send` scheduled it.
public struct TaskSpec: Codable, Sendable, Hashable {
    /// Stable id: `step:node`, or `step:node:index` for the index-th send to that node.
    public var id: String
    /// The node to run.
    public var node: String
    /// The send argument, if any.
    public var argument: JSONValue?

    /// A task.
    /// - Parameters:
    ///   - id: Stable id: `step:node`, or `step:node:index` for a send.
    ///   - node: The node to run.
    ///   - argument: The send argument, if any.
    public init(id: String, node: String, argument: JSONValue? = nil) {
        self.id = id
        self.node = node
        self.argument = argument
    }
}

/// Where a forked thread came from.
public struct ForkOrigin: Codable, Sendable, Hashable {
    public var thread: String
    public var checkpoint: String

    /// An origin.
    /// - Parameters:
    ///   - thread: The source thread.
    ///   - checkpoint: The checkpoint forked from.
    public init(thread: String, checkpoint: String) {
        self.thread = thread
        self.checkpoint = checkpoint
    }
}

/// What a checkpoint records about the step that produced it.
public struct CheckpointMetadata: Codable, Sendable {
    /// `input` (new input), `loop` (a step ran), or `fork`.
    public var source: String
    /// The nodes that ran in that step, in task order.
    public var nodes: [String]
    /// Milliseconds each task took, by task id.
    public var durationsMs: [String: Double]
    /// Set on the first checkpoint of a forked thread.
    public var forkedFrom: ForkOrigin?
    /// When the checkpoint was written.
    public var createdAt: Date

    /// Metadata.
    /// - Parameters:
    ///   - source: `input`, `loop` or `fork`.
    ///   - nodes: The nodes that ran in that step, in task order.
    ///   - durationsMs: Milliseconds each task took, by task id.
    ///   - forkedFrom: Set on the first checkpoint of a forked thread.
    ///   - createdAt: When the checkpoint was written.
    public init(
        source: String, nodes: [String] = [], durationsMs: [String: Double] = [:], forkedFrom: ForkOrigin? = nil,
        createdAt: Date = Date()
    ) {
        self.source = source
        self.nodes = nodes
        self.durationsMs = durationsMs
        self.forkedFrom = forkedFrom
        self.createdAt = createdAt
    }
}

/// A saved point of a thread: the state after `step`, and the tasks of the next step.
///
/// The state is stored either whole (`snapshot`, JSON) or as `delta`, the writes that turn the parent's state
/// into this one; the runtime takes a snapshot when the deltas since the last one outgrow it, so a thread's
/// storage grows with what changed, not with the whole state each step.
public struct CheckpointRecord: Sendable {
    public var id: String
    public var parentID: String?
    public var step: Int
    public var snapshot: Data?
    public var delta: Data?
    public var next: [TaskSpec]
    public var metadata: CheckpointMetadata

    /// A checkpoint.
    /// - Parameters:
    ///   - id: The checkpoint's id.
    ///   - parentID: The previous checkpoint of the thread; nil for the first.
    ///   - step: The step it follows.
    ///   - snapshot: The whole state as JSON, when stored whole.
    ///   - delta: The writes from the parent's state, when stored as a delta.
    ///   - next: The tasks of the next step; empty when the thread reached the end.
    ///   - metadata: Where it came from and how long its tasks took.
    public init(
        id: String, parentID: String?, step: Int, snapshot: Data?, delta: Data?, next: [TaskSpec],
        metadata: CheckpointMetadata
    ) {
        self.id = id
        self.parentID = parentID
        self.step = step
        self.snapshot = snapshot
        self.delta = delta
        self.next = next
        self.metadata = metadata
    }

    /// Bytes of state data this checkpoint stores.
    public var storedBytes: Int { (snapshot?.count ?? 0) + (delta?.count ?? 0) }
}

/// Progress inside an unfinished step, saved against the step's input checkpoint so nothing is redone.
public struct PendingWrite: Sendable, Hashable {
    /// The task the record belongs to.
    public var taskID: String
    /// What the record is.
    public var kind: Kind
    /// `done`: the task's framed writes; `interrupt`: JSON `{id, payload}`; `resume`: JSON array of answers.
    public var payload: Data

    /// A pending record.
    /// - Parameters:
    ///   - taskID: The task the record belongs to.
    ///   - kind: What the record is.
    ///   - payload: The writes, the interrupt or the answers, by `kind`.
    public init(taskID: String, kind: Kind, payload: Data) {
        self.taskID = taskID
        self.kind = kind
        self.payload = payload
    }

    /// The kind of a pending record.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The task finished; its writes are kept so it is not re-run.
        public static let done = Kind(rawValue: "done")
        /// The task stopped at `interrupt(payload)`.
        public static let interrupt = Kind(rawValue: "interrupt")
        /// The answers given to the task's interrupts so far.
        public static let resume = Kind(rawValue: "resume")
    }
}

/// Where a thread stands.
public struct ThreadStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Forked and not yet run; resume runs it.
    public static let pending = ThreadStatus(rawValue: "pending")
    /// A run is advancing it (or a process died while it was; resume it).
    public static let running = ThreadStatus(rawValue: "running")
    /// It reached the end.
    public static let completed = ThreadStatus(rawValue: "completed")
    /// It waits for an answer to an interrupt, or stopped at a breakpoint.
    public static let interrupted = ThreadStatus(rawValue: "interrupted")
    /// A node failed; resume retries from the last checkpoint.
    public static let failed = ThreadStatus(rawValue: "failed")
    /// The run was cancelled; resume continues it.
    public static let cancelled = ThreadStatus(rawValue: "cancelled")
}

/// A thread's row: which graph it runs, its head checkpoint and status.
public struct ThreadRecord: Sendable {
    public var tenant: TenantID
    public var id: String
    public var graph: String
    public var status: ThreadStatus
    public var head: String?
    public var error: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// A thread's row.
    /// - Parameters:
    ///   - tenant: The tenant it belongs to.
    ///   - id: The thread's id.
    ///   - graph: The graph it runs.
    ///   - status: Where it stands.
    ///   - head: Its latest checkpoint.
    ///   - error: What failed, when `status` is failed.
    ///   - createdAt: When it was created.
    ///   - updatedAt: When it last changed.
    public init(
        tenant: TenantID, id: String, graph: String, status: ThreadStatus, head: String?, error: String?,
        createdAt: Date, updatedAt: Date
    ) {
        self.tenant = tenant
        self.id = id
        self.graph = graph
        self.status = status
        self.head = head
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Everything a finished step writes, atomically: the new checkpoint becomes the thread's head only if the head
/// is still `expectedHead` (compare-and-set), so two processes cannot both advance one thread.
public struct StepCommit: Sendable {
    public var tenant: TenantID
    public var thread: String
    public var graph: String
    /// The head this step started from; `nil` creates the thread, which must not exist.
    public var expectedHead: String?
    public var checkpoint: CheckpointRecord
    public var status: ThreadStatus

    /// A step to commit.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - graph: The graph it runs.
    ///   - expectedHead: The head this step started from; nil creates the thread.
    ///   - checkpoint: The new head.
    ///   - status: The thread's status after the step.
    public init(
        tenant: TenantID, thread: String, graph: String, expectedHead: String?, checkpoint: CheckpointRecord,
        status: ThreadStatus
    ) {
        self.tenant = tenant
        self.thread = thread
        self.graph = graph
        self.expectedHead = expectedHead
        self.checkpoint = checkpoint
        self.status = status
    }
}
