import Foundation
import SwitchyardCore
import SwitchyardGraph

/// The runtime's front door, shared by the CLI and the server: submits runs (checking the workflow and the
/// input), answers approvals, cancels and waits.
public struct Runtime: Sendable {
    public var store: any RunStore
    public var checkpointer: any Checkpointer
    public var catalog: WorkflowCatalog

    /// A runtime over a store, a checkpointer and a workflow catalog.
    /// - Parameters:
    ///   - store: The run queue, events, artifacts and schedules.
    ///   - checkpointer: Where the runs' threads keep their checkpoints.
    ///   - catalog: The workflows runs may name.
    public init(store: any RunStore, checkpointer: any Checkpointer, catalog: WorkflowCatalog) {
        self.store = store
        self.checkpointer = checkpointer
        self.catalog = catalog
    }

    /// Queues a run of `workflow` for `tenant`.
    /// - Parameters:
    ///   - tenant: who owns the run.
    ///   - workflow: the workflow's name in the catalog.
    ///   - input: the run's input, checked against the workflow's input schema.
    ///   - thread: the thread to run on; a new one when `nil`.
    ///   - multitask: what to do when the thread is busy.
    ///   - idempotencyKey: a repeated submit with this key returns the first run.
    ///   - metadata: free-form JSON kept with the run.
    /// - Throws: `unknown_workflow`; `invalid_input` (every schema error listed); what ``RunStore/submit(_:id:now:)``
    ///   throws (`unknown_tenant`, `thread_busy`, `idempotency_conflict`). Nothing is queued on error.
    public func submit(
        tenant: TenantID, workflow name: String, input: JSONValue, thread: String? = nil,
        multitask: MultitaskStrategy = .reject, idempotencyKey: String? = nil, metadata: JSONValue = .object([:])
    ) async throws -> SubmitResult {
        let now = Date()
        let submission = try submission(
            tenant: tenant, workflow: name, input: input, thread: thread ?? RunID.make("thread", now: now),
            multitask: multitask, idempotencyKey: idempotencyKey, metadata: metadata)
        return try await enqueue(submission, id: RunID.make(now: now), now: now)
    }

    /// A checked submission: the workflow exists, the input matches its schema, and the workflow's version and
    /// hash are recorded.
    /// - Parameters:
    ///   - tenant: The tenant submitting.
    ///   - name: The workflow's name.
    ///   - input: The run's input, checked against the workflow's input schema.
    ///   - thread: The thread to continue; nil for a new one.
    ///   - multitask: What to do when the thread has an active run.
    ///   - idempotencyKey: A key that makes a repeated submit return the first run.
    ///   - metadata: Free-form metadata kept with the run.
    /// - Throws: `unknown_workflow`; `invalid_input` with every schema error.
    public func submission(
        tenant: TenantID, workflow name: String, input: JSONValue, thread: String?,
        multitask: MultitaskStrategy = .reject, idempotencyKey: String? = nil, metadata: JSONValue = .object([:])
    ) throws -> RunSubmission {
        let workflow = try catalog.workflow(name)
        try check(input, for: workflow)
        return RunSubmission(
            tenant: tenant, workflow: name, workflowVersion: workflow.version, workflowHash: workflow.hash,
            thread: thread, input: input, metadata: metadata, multitask: multitask, idempotencyKey: idempotencyKey)
    }

    /// Submits a checked submission to the store with its `run.created` event (the workflow's and prompts' versions
    /// and hashes) in the same transaction. A rollback's thread is dropped by the new run's executor when it starts,
    /// once the displaced run has stopped (dropping it here would race the displaced run's last step).
    /// - Parameters:
    ///   - submission: A checked submission
    ///     (``submission(tenant:workflow:input:thread:multitask:idempotencyKey:metadata:)``).
    ///   - id: The new run's id.
    ///   - now: The submit time.
    /// - Throws: `unknown_workflow`; what ``RunStore/submit(_:id:now:)`` throws (`unknown_tenant`, `thread_busy`,
    ///   `idempotency_conflict`, `run_exists`).
    public func enqueue(_ submission: RunSubmission, id: String, now: Date) async throws -> SubmitResult {
        var submission = submission
        let workflow = try catalog.workflow(submission.workflow)
        submission.createdEvent = [
            "workflow": .string(submission.workflow), "workflow_version": .string(workflow.version),
            "workflow_hash": .string(workflow.hash),
            "prompts": .object(
                workflow.prompts.mapValues { ["version": .string($0.version), "hash": .string($0.hash)] }),
        ]
        return try await store.submit(submission, id: id, now: now)
    }

    private func check(_ input: JSONValue, for workflow: WorkflowDefinition) throws {
        guard let schema = workflow.inputSchema else { return }
        let errors = try (workflow.inputValidator ?? JSONSchema(schema)).validate(input)
        if !errors.isEmpty {
            throw SwitchyardError(
                code: .invalidInput, message: "the input does not match workflow '\(workflow.name)''s input schema",
                details: errors.map(\.description))
        }
    }

    /// Answers a run waiting for approval; exactly one of two concurrent answers wins.
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - decision: The person's answer.
    /// - Throws: `invalid_decision`; `run_not_found`; `run_not_interrupted` when it is not waiting.
    public func decide(tenant: TenantID, run: String, decision: ApprovalDecision) async throws -> RunRecord {
        let record = try await store.resume(tenant: tenant, id: run, value: decision.json, now: Date())
        try await store.appendEvent(
            tenant: tenant, run: run, kind: "approval.decided", data: decision.json, now: Date())
        return record
    }

    /// The tenant's runs waiting for a person.
    /// - Parameter tenant: Whose runs.
    /// - Throws: The store's errors.
    public func approvals(tenant: TenantID) async throws -> [RunRecord] {
        try await store.runs(tenant: tenant, filter: RunFilter(status: .interrupted, limit: 500))
    }

    /// Waits until the run is in one of `statuses` (by default: stopped for a person or finished).
    /// - Parameters:
    ///   - tenant: The run's tenant.
    ///   - run: The run's id.
    ///   - statuses: The statuses to wait for.
    ///   - poll: How often to look when the store has no change feed.
    /// - Throws: `run_not_found`; `CancellationError` when the caller is cancelled.
    public func wait(
        tenant: TenantID, run: String, for statuses: Set<RunStatus> = [.interrupted, .succeeded, .failed, .cancelled],
        poll: Duration = .milliseconds(100)
    ) async throws -> RunRecord {
        while true {
            let token = store.changeToken()
            guard let record = try await store.run(tenant: tenant, id: run) else {
                throw SwitchyardError(code: .runNotFound, message: "tenant '\(tenant)' has no run '\(run)'")
            }
            if statuses.contains(record.status) { return record }
            try await store.waitForChange(.run(run), since: token, timeout: .seconds(1), poll: poll)
        }
    }
}
