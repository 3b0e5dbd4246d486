import Foundation
import SwitchyardCore

/// Durable tenants, runs, the run queue, events, artifacts, usage and schedules.
///
/// Every method that reads or changes tenant-owned data takes the tenant; another tenant's run is `nil` or
/// `run_not_found`, never a different error that would confirm it exists. Methods that change state are atomic:
/// they either apply whole or throw and change nothing. The embedded implementation is `SQLiteStore`
/// (SwitchyardStorage); several worker processes may share one data dir.
public protocol RunStore: Sendable {
    // MARK: Tenants

    /// Creates a tenant; `tenant_exists` if the id is taken.
    /// - Parameter tenant: The new tenant.
    /// - Throws: `tenant_exists`; the backend's errors.
    func createTenant(_ tenant: TenantRecord) async throws
    /// Replaces a tenant's tier, budget and limits; `unknown_tenant` if there is none.
    /// - Parameter tenant: The tenant's new record.
    /// - Throws: `unknown_tenant`; the backend's errors.
    func updateTenant(_ tenant: TenantRecord) async throws
    /// The tenant's record, or `nil`.
    /// - Parameter id: The tenant's id.
    /// - Throws: The backend's errors.
    func tenant(_ id: TenantID) async throws -> TenantRecord?
    /// Every tenant, by id.
    /// - Throws: The backend's errors.
    func tenants() async throws -> [TenantRecord]

    // MARK: Runs

    /// Queues a run. The tenant must exist (`unknown_tenant`). With an idempotency key already used by the
    /// tenant, returns that run and `created: false` (the same key with a different workflow or input is
    /// `idempotency_conflict`). When the thread has an active run (queued, running or interrupted) the
    /// submission's multitask strategy decides: `reject` → `thread_busy`; `enqueue` → queued behind it;
    /// `interrupt` → the active run is asked to stop at its next step (`stopRequested`) and ends `cancelled`
    /// keeping the thread's checkpoints, the new run continues the thread; `rollback` → the active run is
    /// cancelled and `dropThread` is true in the result: the thread's checkpoints go when the new run starts
    /// (``RunExecutor`` drops them then, after the displaced run has stopped).
    /// - Parameters:
    ///   - submission: The checked submission.
    ///   - id: The new run's id.
    ///   - now: The submit time.
    /// - Throws: `unknown_tenant`, `idempotency_conflict`, `thread_busy`, `run_exists` (the id is taken); the
    ///   backend's errors.
    func submit(_ submission: RunSubmission, id: String, now: Date) async throws -> SubmitResult
    /// The tenant's run, or `nil` (also for another tenant's run id).
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - id: The run's id.
    /// - Throws: The backend's errors.
    func run(tenant: TenantID, id: String) async throws -> RunRecord?
    /// The tenant's runs matching `filter`, newest first.
    /// - Parameters:
    ///   - tenant: Whose runs.
    ///   - filter: Which runs, and how many.
    /// - Throws: The backend's errors.
    func runs(tenant: TenantID, filter: RunFilter) async throws -> [RunRecord]
    /// Cancels a queued, running or interrupted run (a running one stops at its next step: `stopRequested`);
    /// `run_finished` for a finished run, `run_not_found` for an unknown one.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - id: The run's id.
    ///   - now: The cancel time.
    /// - Throws: `run_not_found`, `run_finished`; the backend's errors.
    func cancel(tenant: TenantID, id: String, now: Date) async throws -> RunRecord

    // MARK: Queue (workers)

    /// Claims up to `limit` queued runs for `worker`, fairly: weighted fair queuing between tenants by tier,
    /// each tenant's `maxConcurrentRuns` respected, at most one running run per thread, oldest first within a
    /// tenant. Runs whose lease expired (their worker died) are claimable again. Each claimed run is `running`
    /// with `leaseOwner = worker`, `leaseExpires = now + lease`, `attempts + 1`.
    /// - Parameters:
    ///   - worker: The worker's id, recorded as the lease owner.
    ///   - limit: Most runs to claim.
    ///   - lease: How long a claim holds without a heartbeat.
    ///   - now: The claim time.
    /// - Throws: The backend's errors.
    func claim(worker: String, limit: Int, lease: Duration, now: Date) async throws -> [RunRecord]
    /// Renews the leases `worker` holds on `runs`; returns the ids whose lease it no longer holds (taken over,
    /// cancelled, finished) and the ids asked to stop (`stopRequested`).
    /// - Parameters:
    ///   - worker: The worker's id.
    ///   - runs: The ids of the runs it is working on.
    ///   - lease: The renewed lease's length.
    ///   - now: The heartbeat time.
    /// - Throws: The backend's errors.
    func heartbeat(worker: String, runs: [String], lease: Duration, now: Date) async throws -> HeartbeatResult
    /// Ends a run `worker` holds: `succeeded` with `output`, `failed` with an error, `cancelled`, or
    /// `interrupted` with the payload the approver sees, with the completion's events and artifacts, all in one
    /// transaction. `lease_lost` and no change when `worker` no longer holds the lease.
    /// - Parameters:
    ///   - completion: How the run ended, with its last events and artifacts.
    ///   - worker: The worker's id.
    ///   - now: The completion time.
    /// - Throws: `invalid_argument` for a status a run cannot end with; `lease_lost`; `run_not_found`; the
    ///   backend's errors.
    func complete(_ completion: RunCompletion, worker: String, now: Date) async throws -> RunRecord
    /// ``complete(_:worker:now:)``, then ``claim(worker:limit:lease:now:)`` for the worker's freed slot, in one
    /// transaction where the backend can (a worker's loop: one durable commit instead of two between its runs).
    /// The claim follows the completion: a run the completion unblocked (the next on its thread) can be claimed.
    /// - Parameters:
    ///   - completion: How the run ended, with its last events and artifacts.
    ///   - worker: The worker's id.
    ///   - now: The completion and claim time.
    ///   - limit: Most runs to claim (0 claims nothing).
    ///   - lease: How long the claim holds without a heartbeat.
    /// - Returns: The finished run and the claimed ones.
    /// - Throws: As ``complete(_:worker:now:)`` (then nothing is claimed) and ``claim(worker:limit:lease:now:)``.
    func complete(
        _ completion: RunCompletion, worker: String, now: Date, thenClaim limit: Int, lease: Duration
    ) async throws -> (finished: RunRecord, claimed: [RunRecord])
    /// Gives a run `worker` holds back to the queue (a worker shutting down): `queued` again with its lease
    /// cleared and its checkpoints kept, so the next worker continues it from its last checkpoint. `false` (and
    /// no change) when `worker` no longer holds it.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - id: The run's id.
    ///   - worker: The worker's id.
    ///   - now: The release time.
    /// - Throws: The backend's errors.
    func release(tenant: TenantID, id: String, worker: String, now: Date) async throws -> Bool
    /// Answers an interrupted run: compare-and-set from `interrupted` to `queued` with `resume` stored for the
    /// next claim. `run_not_interrupted` (and no change) when it is not waiting — so of two concurrent resumes
    /// of one interrupt exactly one succeeds.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - id: The run's id.
    ///   - value: The resume value (an approval's decision).
    ///   - now: The resume time.
    /// - Throws: `run_not_found`, `run_not_interrupted`; the backend's errors.
    func resume(tenant: TenantID, id: String, value: JSONValue, now: Date) async throws -> RunRecord
    /// Runs that are `running` with a lease expired more than `grace` ago: visible as stuck.
    /// - Parameters:
    ///   - now: The current time.
    ///   - grace: How long past its lease a run must be.
    /// - Throws: The backend's errors.
    func stuckRuns(now: Date, grace: Duration) async throws -> [RunRecord]
    /// How many runs are queued, per tenant, and the oldest queued run's creation time.
    /// - Throws: The backend's errors.
    func queueDepth() async throws -> [QueueDepth]

    // MARK: Events and artifacts

    /// Appends an event to the tenant's run; returns it with its sequence number.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - kind: The event's kind.
    ///   - data: The event's payload.
    ///   - now: The event's time.
    /// - Throws: The backend's errors.
    @discardableResult
    func appendEvent(tenant: TenantID, run: String, kind: String, data: JSONValue, now: Date) async throws -> RunEvent
    /// Appends several events to the tenant's run in one transaction (one commit, one fsync), numbered in order.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - events: The events' kinds and payloads, in order.
    ///   - now: Their time.
    /// - Throws: The backend's errors.
    @discardableResult
    func appendEvents(
        tenant: TenantID, run: String, events: [(kind: String, data: JSONValue)], now: Date
    )
        async throws -> [RunEvent]
    /// Saves (or replaces) several named artifacts of the tenant's run in one transaction.
    /// - Parameters:
    ///   - tenant: The runs' tenant.
    ///   - artifacts: The artifacts, each naming its run.
    /// - Throws: The backend's errors.
    func putArtifacts(tenant: TenantID, _ artifacts: [Artifact]) async throws
    /// The run's events with `seq > after`, in order, at most `limit`.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - after: The last sequence number already seen (0 for all).
    ///   - limit: Most events returned.
    /// - Throws: The backend's errors.
    func events(tenant: TenantID, run: String, after: Int, limit: Int) async throws -> [RunEvent]
    /// Saves (or replaces) a named artifact of the tenant's run.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - artifact: The artifact, naming its run.
    /// - Throws: The backend's errors.
    func putArtifact(tenant: TenantID, _ artifact: Artifact) async throws
    /// The run's artifacts, by name.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    /// - Throws: The backend's errors.
    func artifacts(tenant: TenantID, run: String) async throws -> [Artifact]

    // MARK: Usage

    /// Records one model call; `false` (and no change) when `record.key` was already recorded.
    /// - Parameter record: The call's usage, under its idempotency key.
    /// - Throws: The backend's errors.
    @discardableResult
    func recordUsage(_ record: UsageRecord) async throws -> Bool
    /// Usage totals of the tenant since `since`, grouped.
    /// - Parameters:
    ///   - tenant: Whose usage.
    ///   - since: The start of the window.
    ///   - by: How to group the totals.
    /// - Throws: The backend's errors.
    func usage(tenant: TenantID, since: Date, by: UsageGrouping) async throws -> [UsageTotal]
    /// The tenant's spend since `since`, in US dollars (for budgets).
    /// - Parameters:
    ///   - tenant: Whose spend.
    ///   - since: The start of the window.
    /// - Throws: The backend's errors.
    func spend(tenant: TenantID, since: Date) async throws -> Double

    // MARK: Journal

    /// The journal entry recorded under `key` for the tenant, or `nil`.
    /// - Parameters:
    ///   - tenant: Whose journal.
    ///   - key: The entry's key.
    /// - Throws: The backend's errors.
    func journal(tenant: TenantID, key: String) async throws -> JSONValue?
    /// Records `value` under `key` unless an entry exists (the first one wins, so a replay changes nothing).
    /// - Parameters:
    ///   - tenant: Whose journal.
    ///   - key: The entry's key.
    ///   - value: The value to record.
    /// - Throws: The backend's errors.
    func putJournal(tenant: TenantID, key: String, value: JSONValue) async throws

    // MARK: Schedules

    /// Saves a new schedule. Ids are per owner: a schedule is named by its tenant (`nil`: every tenant's) and id,
    /// so another tenant's schedule of the same id neither conflicts nor shows.
    /// - Parameter schedule: The new schedule.
    /// - Throws: `schedule_exists` when its owner already has one of that id; the backend's errors.
    func createSchedule(_ schedule: ScheduleRecord) async throws
    /// Every schedule (of one tenant, or all when `nil`).
    /// - Parameter tenant: Whose schedules; nil for all.
    /// - Throws: The backend's errors.
    func schedules(tenant: TenantID?) async throws -> [ScheduleRecord]
    /// Pauses or resumes a schedule; `schedule_not_found` for an unknown one.
    /// - Parameters:
    ///   - tenant: The schedule's owner (`nil`: a schedule for every tenant).
    ///   - id: The schedule's id.
    ///   - paused: True pauses, false resumes.
    /// - Throws: `schedule_not_found`; the backend's errors.
    func setSchedulePaused(tenant: TenantID?, id: String, paused: Bool) async throws
    /// Deletes a schedule; `false` if there was none.
    /// - Parameters:
    ///   - tenant: The schedule's owner (`nil`: a schedule for every tenant).
    ///   - id: The schedule's id.
    /// - Throws: The backend's errors.
    func deleteSchedule(tenant: TenantID?, id: String) async throws -> Bool
    /// Moves an unpaused schedule's `nextFire` from `expected` to `next` (compare-and-set, so two schedulers
    /// never fire one slot twice); `false` when another process already moved it.
    /// - Parameters:
    ///   - tenant: The schedule's owner (`nil`: a schedule for every tenant).
    ///   - id: The schedule's id.
    ///   - expected: The `nextFire` the caller read.
    ///   - next: The new `nextFire`.
    /// - Throws: The backend's errors.
    func advanceSchedule(tenant: TenantID?, id: String, expected: Date, next: Date) async throws -> Bool

    // MARK: Wake-ups

    /// The store's in-process change feed, signalled after each committed write that a watcher cares about; `nil`
    /// when the store has none (watchers then poll).
    var changes: RunChangeFeed? { get }
}

/// What ``RunStore/submit(_:id:now:)`` did.
public struct SubmitResult: Sendable, Hashable {
    /// The run (the earlier one when an idempotency key matched).
    public var run: RunRecord
    /// `false` when an idempotency key returned an existing run.
    public var created: Bool
    /// The run that was stopped or cancelled by the multitask strategy, if any.
    public var displaced: RunRecord?
    /// `rollback`: the thread's checkpoints are to be dropped when the new run starts (the executor does it).
    public var dropThread: Bool

    /// A submit's outcome.
    /// - Parameters:
    ///   - run: The run submitted, or the earlier one an idempotency key matched.
    ///   - created: False when an idempotency key returned an existing run.
    ///   - displaced: The run stopped or cancelled by the multitask strategy, if any.
    ///   - dropThread: Whether the thread's checkpoints are to be dropped when the run starts (`rollback`).
    public init(run: RunRecord, created: Bool, displaced: RunRecord? = nil, dropThread: Bool = false) {
        self.run = run
        self.created = created
        self.displaced = displaced
        self.dropThread = dropThread
    }
}

/// What ``RunStore/heartbeat(worker:runs:lease:now:)`` found.
public struct HeartbeatResult: Sendable, Hashable {
    /// Runs whose lease the worker no longer holds: stop working on them without writing.
    public var lost: [String]
    /// Runs asked to stop at their next step (cancel, interrupt, rollback).
    public var stopRequested: [String]

    /// A heartbeat's outcome.
    /// - Parameters:
    ///   - lost: Runs whose lease the worker no longer holds.
    ///   - stopRequested: Runs asked to stop at their next step.
    public init(lost: [String] = [], stopRequested: [String] = []) {
        self.lost = lost
        self.stopRequested = stopRequested
    }
}

/// How a worker ends a run.
public struct RunCompletion: Sendable, Hashable {
    public var tenant: TenantID
    public var run: String
    public var status: RunStatus
    public var output: JSONValue?
    public var errorCode: String?
    public var errorMessage: String?
    /// For `interrupted`: what the approver sees.
    public var interrupt: JSONValue?
    /// The run's last events, appended in the completion's own transaction before its status changes (so a
    /// watcher that sees the final status has every event, and a run ends in one durable commit).
    public var events: [Event]
    /// Artifacts written in the same transaction.
    public var artifacts: [Artifact]

    /// An event still to be appended: its kind and data.
    public struct Event: Sendable, Hashable {
        public var kind: String
        public var data: JSONValue
        /// An event to append.
        /// - Parameters:
        ///   - kind: The event's kind.
        ///   - data: The event's payload.
        public init(kind: String, data: JSONValue) {
            self.kind = kind
            self.data = data
        }
    }

    /// How a run ended.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - status: `succeeded`, `failed`, `cancelled` or `interrupted`.
    ///   - output: The output, for `succeeded`.
    ///   - errorCode: The error's code, for `failed`.
    ///   - errorMessage: The error's message, for `failed`.
    ///   - interrupt: For `interrupted`: what the approver sees.
    ///   - events: The run's last events, appended in the same transaction.
    ///   - artifacts: Artifacts written in the same transaction.
    public init(
        tenant: TenantID, run: String, status: RunStatus, output: JSONValue? = nil, errorCode: String? = nil,
        errorMessage: String? = nil, interrupt: JSONValue? = nil, events: [Event] = [], artifacts: [Artifact] = []
    ) {
        self.tenant = tenant
        self.run = run
        self.status = status
        self.output = output
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.interrupt = interrupt
        self.events = events
        self.artifacts = artifacts
    }
}

/// The queue's backlog for one tenant.
public struct QueueDepth: Sendable, Hashable, Codable {
    public var tenant: TenantID
    public var queued: Int
    public var running: Int
    public var oldestQueued: Date?

    /// One tenant's backlog.
    /// - Parameters:
    ///   - tenant: The tenant whose runs are counted.
    ///   - queued: Its queued runs.
    ///   - running: Its running runs.
    ///   - oldestQueued: When its oldest queued run was created; nil when none is queued.
    public init(tenant: TenantID, queued: Int, running: Int, oldestQueued: Date?) {
        self.tenant = tenant
        self.queued = queued
        self.running = running
        self.oldestQueued = oldestQueued
    }
}

extension RunStore {
    public var changes: RunChangeFeed? { nil }

    /// Completes, then claims, in two transactions, for stores without a joint write.
    /// - Parameters:
    ///   - completion: How the run ended.
    ///   - worker: The worker's id.
    ///   - now: The completion and claim time.
    ///   - limit: Most runs to claim.
    ///   - lease: How long the claim holds.
    /// - Returns: The finished run and the claimed ones.
    /// - Throws: As ``RunStore/complete(_:worker:now:)`` and ``RunStore/claim(worker:limit:lease:now:)``.
    public func complete(
        _ completion: RunCompletion, worker: String, now: Date, thenClaim limit: Int, lease: Duration
    ) async throws -> (finished: RunRecord, claimed: [RunRecord]) {
        let finished = try await complete(completion, worker: worker, now: now)
        return (finished, try await claim(worker: worker, limit: limit, lease: lease, now: now))
    }

    /// One ``appendEvent(tenant:run:kind:data:now:)`` per event, for stores without a batch write.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - events: The events' kinds and payloads, in order.
    ///   - now: Their time.
    /// - Throws: What ``appendEvent(tenant:run:kind:data:now:)`` throws (the events before the failure stay).
    @discardableResult
    public func appendEvents(
        tenant: TenantID, run: String, events: [(kind: String, data: JSONValue)], now: Date
    )
        async throws -> [RunEvent]
    {
        var appended: [RunEvent] = []
        for event in events {
            appended.append(
                try await appendEvent(tenant: tenant, run: run, kind: event.kind, data: event.data, now: now))
        }
        return appended
    }

    /// One ``putArtifact(tenant:_:)`` per artifact, for stores without a batch write.
    /// - Parameters:
    ///   - tenant: The runs' tenant.
    ///   - artifacts: The artifacts, each naming its run.
    /// - Throws: What ``putArtifact(tenant:_:)`` throws (the artifacts before the failure stay).
    public func putArtifacts(tenant: TenantID, _ artifacts: [Artifact]) async throws {
        for artifact in artifacts { try await putArtifact(tenant: tenant, artifact) }
    }
}
