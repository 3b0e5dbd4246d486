import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore: RunStore {
    public func submit(_ submission: RunSubmission, id: String, now: Date) async throws -> SubmitResult {
        let tenant = submission.tenant
        let input = submission.input.jsonText
        let result = try await write { db -> SubmitResult in
            guard try Self.tenantExists(db, tenant) else { throw Self.unknownTenant(tenant) }
            if let key = submission.idempotencyKey,
                let earlier = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT id, workflow, input FROM runs WHERE tenant = ? AND idempotency_key = ?"),
                    arguments: [tenant.rawValue, key])
            {
                guard earlier["workflow"] == submission.workflow, earlier["input"] == input else {
                    throw SwitchyardError(
                        code: .idempotencyConflict,
                        message: "idempotency key \(Self.quoted(key)) of tenant '\(tenant)' was used for run "
                            + "\(earlier["id"] as String) with another workflow or input; use a new key")
                }
                return SubmitResult(run: try Self.requireRun(db, tenant: tenant, id: earlier["id"]), created: false)
            }
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM runs WHERE id = ?"), arguments: [id]) == nil
            else {
                throw SwitchyardError(
                    code: .runExists, message: "run id \(Self.quoted(id)) is taken; submit again with a new id")
            }
            let thread = submission.thread ?? id
            let (displaced, dropThread) = try Self.applyMultitask(
                db, submission: submission, thread: thread, now: now)
            try Self.activate(db, tenant)
            try db.cachedStatement(
                sql: """
                    INSERT INTO runs (id, tenant, workflow, workflow_version, workflow_hash, thread, input, metadata,
                        status, multitask, idempotency_key, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    id, tenant.rawValue, submission.workflow, submission.workflowVersion, submission.workflowHash,
                    thread, input, submission.metadata.jsonText, submission.multitask.rawValue,
                    submission.idempotencyKey, now.timeIntervalSince1970,
                ])
            if case .object(var data) = submission.createdEvent {
                data["run_id"] = .string(id)
                data["thread_id"] = .string(thread)
                _ = try Self.insertEvents(db, run: id, events: [("run.created", .object(data))], now: now)
            }
            return SubmitResult(
                run: try Self.requireRun(db, tenant: tenant, id: id), created: true, displaced: displaced,
                dropThread: dropThread)
        }
        if result.created {
            changes?.signal([.queue, .run(id)] + (result.displaced.map { [.run($0.id), .stop($0.id)] } ?? []))
        }
        return result
    }

    /// Applies the submission's multitask strategy to the thread's active runs; returns the run displaced (the
    /// running one, else the oldest) and whether the thread's checkpoints must be dropped.
    static func applyMultitask(
        _ db: Database, submission: RunSubmission, thread: String, now: Date
    ) throws -> (RunRecord?, Bool) {
        let tenant = submission.tenant
        // `INDEXED BY`: left to itself SQLite walks `runs_by_tenant` for the ORDER BY, which reads every run of the
        // tenant on every submit (9,600 queued runs made a submit cost ten times a read).
        let active = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(runColumns) FROM runs INDEXED BY runs_by_thread WHERE tenant = ? AND thread = ?
                    AND status IN ('queued', 'running', 'interrupted') ORDER BY created_at, rowid
                    """),
            arguments: [tenant.rawValue, thread]
        ).map(runRecord)
        guard let first = active.first else { return (nil, false) }
        switch submission.multitask {
        case .enqueue:
            return (nil, false)
        case .interrupt, .rollback:
            for run in active { try stop(db, run, now: now) }
            let primary = active.first { $0.status == .running } ?? first
            return (try requireRun(db, tenant: tenant, id: primary.id), submission.multitask == .rollback)
        default:
            throw SwitchyardError(
                code: .threadBusy,
                message: "thread \(quoted(thread)) of tenant '\(tenant)' has an active run \(first.id) "
                    + "(\(first.status)); wait for it, cancel it, or submit with multitask 'enqueue', 'interrupt' or "
                    + "'rollback'")
        }
    }

    /// Cancels a queued or interrupted run now, or asks a running one to stop at its next step.
    static func stop(_ db: Database, _ run: RunRecord, now: Date) throws {
        if run.status == .running {
            try db.cachedStatement(sql: "UPDATE runs SET stop_requested = 1 WHERE id = ?").execute(arguments: [run.id])
        } else {
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET status = 'cancelled', stop_requested = 1, finished_at = ?, lease_expires = NULL
                    WHERE id = ?
                    """
            ).execute(arguments: [now.timeIntervalSince1970, run.id])
        }
    }

    public func run(tenant: TenantID, id: String) async throws -> RunRecord? {
        try await pool.read { db in try Self.fetchRun(db, tenant: tenant, id: id) }
    }

    public func runs(tenant: TenantID, filter: RunFilter) async throws -> [RunRecord] {
        var clauses = ["tenant = ?"]
        var arguments: StatementArguments = [tenant.rawValue]
        if let status = filter.status {
            clauses.append("status = ?")
            arguments += [status.rawValue]
        }
        if let workflow = filter.workflow {
            clauses.append("workflow = ?")
            arguments += [workflow]
        }
        if let thread = filter.thread {
            clauses.append("thread = ?")
            arguments += [thread]
        }
        if let since = filter.createdSince {
            clauses.append("created_at >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let before = filter.before {
            clauses.append("(created_at, rowid) < (SELECT created_at, rowid FROM runs WHERE id = ? AND tenant = ?)")
            arguments += [before, tenant.rawValue]
        }
        arguments += [max(0, filter.limit)]
        // Without statistics SQLite reads a thread's runs through `runs_by_tenant` (it gives the order for free),
        // which visits every run of the tenant; a thread has few runs, so sorting them costs nothing.
        let index = filter.thread == nil ? "" : "INDEXED BY runs_by_thread"
        let sql = """
            SELECT \(Self.runColumns) FROM runs \(index) WHERE \(clauses.joined(separator: " AND "))
            ORDER BY created_at DESC, rowid DESC LIMIT ?
            """
        let bound = arguments
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: bound).map(Self.runRecord)
        }
    }

    public func cancel(tenant: TenantID, id: String, now: Date) async throws -> RunRecord {
        defer { changes?.signal(.queue, .run(id), .stop(id)) }
        return try await write { db in
            let run = try Self.requireRun(db, tenant: tenant, id: id)
            guard !run.status.isFinal else {
                throw SwitchyardError(
                    code: .runFinished,
                    message: "run \(id) already finished (\(run.status)); there is nothing to cancel")
            }
            try Self.stop(db, run, now: now)
            return try Self.requireRun(db, tenant: tenant, id: id)
        }
    }
}
