import Foundation
import SwitchyardCore

/// One execution of a workflow for a tenant on a thread, as the queue stores it.
public struct RunRecord: Codable, Sendable, Hashable {
    /// The run's id (`run_` + 26 characters, time-ordered).
    public var id: String
    public var tenant: TenantID
    /// The workflow's name, and the version and content hash it was submitted against.
    public var workflow: String
    public var workflowVersion: String
    public var workflowHash: String
    /// The thread the run advances (its checkpoints live there).
    public var thread: String
    /// The input given at submit.
    public var input: JSONValue
    public var metadata: JSONValue
    public var status: RunStatus
    public var multitask: MultitaskStrategy
    /// The submit's idempotency key, if any: a second submit with it returns this run.
    public var idempotencyKey: String?
    /// A resume value waiting for the next claim (an approval's decision), consumed when the run restarts.
    public var resume: JSONValue?
    /// The payload shown while the run is `interrupted` (what the approver needs).
    public var interrupt: JSONValue?
    /// The final output (`succeeded`) or `{code, message}` (`failed`).
    public var output: JSONValue?
    public var errorCode: String?
    public var errorMessage: String?
    /// How many times a worker has claimed it.
    public var attempts: Int
    /// The worker holding the lease, and when the lease lapses unless renewed.
    public var leaseOwner: String?
    public var leaseExpires: Date?
    /// Set when another submit asked this run to stop at its next step (`interrupt`/`rollback`) or a cancel came.
    public var stopRequested: Bool
    public var created: Date
    public var started: Date?
    public var finished: Date?

    /// A queued run.
    /// - Parameters:
    ///   - id: The run's id.
    ///   - tenant: The tenant it belongs to.
    ///   - workflow: The workflow's name.
    ///   - workflowVersion: The workflow's version at submit.
    ///   - workflowHash: The workflow's content hash at submit.
    ///   - thread: The thread it advances.
    ///   - input: The input given at submit.
    ///   - metadata: Free-form metadata.
    ///   - status: Its status (`queued` for a new run).
    ///   - multitask: What its submit asked for when the thread was busy.
    ///   - idempotencyKey: The submit's idempotency key, if any.
    ///   - created: When it was submitted.
    public init(
        id: String, tenant: TenantID, workflow: String, workflowVersion: String = "", workflowHash: String = "",
        thread: String, input: JSONValue, metadata: JSONValue = .object([:]), status: RunStatus = .queued,
        multitask: MultitaskStrategy = .reject, idempotencyKey: String? = nil, created: Date = Date()
    ) {
        self.id = id
        self.tenant = tenant
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.workflowHash = workflowHash
        self.thread = thread
        self.input = input
        self.metadata = metadata
        self.status = status
        self.multitask = multitask
        self.idempotencyKey = idempotencyKey
        self.resume = nil
        self.interrupt = nil
        self.output = nil
        self.errorCode = nil
        self.errorMessage = nil
        self.attempts = 0
        self.leaseOwner = nil
        self.leaseExpires = nil
        self.stopRequested = false
        self.created = created
        self.started = nil
        self.finished = nil
    }
}

/// What a client asks for when it submits a run.
public struct RunSubmission: Sendable, Hashable {
    public var tenant: TenantID
    public var workflow: String
    public var workflowVersion: String
    public var workflowHash: String
    /// The thread to run on; a new one is made when `nil`.
    public var thread: String?
    public var input: JSONValue
    public var metadata: JSONValue
    public var multitask: MultitaskStrategy
    public var idempotencyKey: String?
    /// The data of the run's first event, `run.created`, written with the run in one transaction (the store adds
    /// `run_id` and `thread_id`); no event when `nil`.
    public var createdEvent: JSONValue?

    /// A submission.
    /// - Parameters:
    ///   - tenant: The tenant submitting.
    ///   - workflow: The workflow's name.
    ///   - workflowVersion: The workflow's version.
    ///   - workflowHash: The workflow's content hash.
    ///   - thread: The thread to run on; nil for a new one.
    ///   - input: The run's input.
    ///   - metadata: Free-form metadata.
    ///   - multitask: What to do when the thread has an active run.
    ///   - idempotencyKey: A key that makes a repeated submit return the first run.
    public init(
        tenant: TenantID, workflow: String, workflowVersion: String = "", workflowHash: String = "",
        thread: String? = nil, input: JSONValue, metadata: JSONValue = .object([:]),
        multitask: MultitaskStrategy = .reject, idempotencyKey: String? = nil
    ) {
        self.tenant = tenant
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.workflowHash = workflowHash
        self.thread = thread
        self.input = input
        self.metadata = metadata
        self.multitask = multitask
        self.idempotencyKey = idempotencyKey
    }
}

/// Which runs a listing returns (all filters are ANDed; `nil` matches everything).
public struct RunFilter: Sendable, Hashable {
    public var status: RunStatus?
    public var workflow: String?
    public var thread: String?
    public var createdSince: Date?
    /// Runs created strictly before this run's id (cursor pagination, newest first).
    public var before: String?
    public var limit: Int

    /// A filter; nil matches everything.
    /// - Parameters:
    ///   - status: Only runs with this status.
    ///   - workflow: Only runs of this workflow.
    ///   - thread: Only runs on this thread.
    ///   - createdSince: Only runs created at or after this time.
    ///   - before: Only runs created before this run id (the next page).
    ///   - limit: Most runs returned.
    public init(
        status: RunStatus? = nil, workflow: String? = nil, thread: String? = nil, createdSince: Date? = nil,
        before: String? = nil, limit: Int = 50
    ) {
        self.status = status
        self.workflow = workflow
        self.thread = thread
        self.createdSince = createdSince
        self.before = before
        self.limit = limit
    }
}
