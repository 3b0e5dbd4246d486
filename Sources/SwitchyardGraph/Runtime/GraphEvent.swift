import SwitchyardCore

/// What a run reports while it runs, in order.
public enum GraphEvent<State: GraphState>: Sendable {
    /// The run began from `checkpoint` (nil for a new thread).
    case runStarted(thread: String, checkpoint: String?)
    /// A task's node began an attempt.
    case nodeStarted(node: String, task: String, step: Int, attempt: Int)
    /// A task's node returned its update.
    case nodeFinished(node: String, task: String, step: Int, duration: Duration)
    /// A task failed and will be tried again after `delay`.
    case retry(node: String, task: String, attempt: Int, delay: Duration, error: String)
    /// A step's writes merged and were checkpointed.
    case stateUpdated(step: Int, checkpoint: String, tasks: [String], state: State)
    /// The run stopped for human input (or at a breakpoint).
    case interrupted([PendingInterrupt])
    /// A node or the run failed.
    case error(node: String?, error: SwitchyardError)
    /// The run ended.
    case runFinished(status: ThreadStatus, steps: Int)
}

/// An interrupt waiting for an answer.
public struct PendingInterrupt: Codable, Sendable, Hashable {
    /// The id to answer it by: `step:node:index` (or `before:node` / `after:node` for a breakpoint).
    public var id: String
    /// The node that asked.
    public var node: String
    /// What the node showed.
    public var payload: JSONValue
}

/// How a run runs.
public struct RunOptions: Sendable {
    /// Most steps one call may run before it fails with `recursion_limit` (the loop is named in the error).
    public var recursionLimit: Int
    /// Stop before running any of these nodes (not on the first step of a resumed run).
    public var interruptBefore: Set<String>
    /// Stop after a step that ran any of these nodes.
    public var interruptAfter: Set<String>
    /// When checkpoints are written: before the next step (`.sync`, the default), during it (`.async`) or when
    /// the run stops (`.exit`). Ignored by a graph compiled without a checkpointer.
    public var durability: Durability
    /// With `.sync`: the input's checkpoint is written while the first step runs, in the writer's queue ahead of
    /// that step's commit, which then waits for both. A crash before the input is durable costs nothing a resume
    /// needs (the first step runs again either way, as it would after a crash during it); what changes is that a
    /// conflicting writer of the same thread is found at the first step's commit instead of before it. Meant for
    /// callers that run one run per thread at a time, as the runtime's queue does. Ignored by other modes.
    public var overlapsInputCommit: Bool

    /// Run options.
    /// - Parameters:
    ///   - recursionLimit: Most steps one call may run.
    ///   - interruptBefore: Stop before running any of these nodes.
    ///   - interruptAfter: Stop after a step that ran any of these nodes.
    ///   - durability: When checkpoints are written.
    ///   - overlapsInputCommit: Whether a `.sync` run writes its input's checkpoint while its first step runs.
    public init(
        recursionLimit: Int = 100, interruptBefore: Set<String> = [], interruptAfter: Set<String> = [],
        durability: Durability = .sync, overlapsInputCommit: Bool = false
    ) {
        self.recursionLimit = recursionLimit
        self.interruptBefore = interruptBefore
        self.interruptAfter = interruptAfter
        self.durability = durability
        self.overlapsInputCommit = overlapsInputCommit
    }
}

/// How a run ended.
public struct RunResult<State: GraphState>: Sendable {
    public var thread: String
    public var status: ThreadStatus
    /// The state at the head checkpoint when the run stopped.
    public var state: State
    /// Steps this call ran and checkpointed.
    public var steps: Int
    /// The head checkpoint.
    public var checkpoint: String
    /// The interrupts waiting for answers, when `status` is interrupted.
    public var interrupts: [PendingInterrupt]
    /// What failed, when `status` is failed.
    public var error: SwitchyardError?
}

/// A thread as seen at one checkpoint.
public struct ThreadSnapshot<State: GraphState>: Sendable {
    public var thread: ThreadRecord
    public var checkpoint: CheckpointRecord
    public var state: State
    /// The interrupts waiting at this checkpoint.
    public var interrupts: [PendingInterrupt]
}
