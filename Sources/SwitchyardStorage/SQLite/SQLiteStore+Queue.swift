import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    /// Claims fairly in one `BEGIN IMMEDIATE` transaction (GRDB's default for a pool's writes), so workers in
    /// several processes never claim one run twice: see ``FairQueue`` for the order.
    /// - Parameters:
    ///   - worker: The claiming worker's id, recorded as each run's lease owner.
    ///   - limit: Most runs to claim.
    ///   - lease: How long the claim holds without a heartbeat.
    ///   - now: The current time.
    /// - Throws: The database's errors; `internal_error` if a claimed run vanished.
    public func claim(worker: String, limit: Int, lease: Duration, now: Date) async throws -> [RunRecord] {
        guard limit > 0 else { return [] }
        let time = now.timeIntervalSince1970
        let expires = time + lease.inSeconds
        // Idle workers poll: look in a read transaction first so they do not contend for the write lock.
        let waiting = try await pool.read { db in
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM runs WHERE status = 'queued')
                            OR EXISTS (SELECT 1 FROM runs WHERE status = 'running' AND lease_expires < ?)
                        """),
                arguments: [time]) ?? true
        }
        guard waiting else { return [] }
        return try await write { db in try Self.claim(db, worker: worker, limit: limit, time: time, expires: expires) }
    }

    /// The claim's transaction (see ``claim(worker:limit:lease:now:)``).
    static func claim(_ db: Database, worker: String, limit: Int, time: Double, expires: Double) throws -> [RunRecord] {
        // Runs asked to stop whose worker died end here: nobody will resume them.
        try db.cachedStatement(
            sql: """
                UPDATE runs SET status = 'cancelled', finished_at = ?, lease_expires = NULL
                WHERE status = 'running' AND stop_requested = 1 AND lease_expires < ?
                """
        ).execute(arguments: [time, time])
        var queue = FairQueue(try Self.waitingTenants(db, now: time))
        var buffers: [TenantID: ArraySlice<String>] = [:]
        var claimed: [String] = []
        var charged: Set<TenantID> = []
        while claimed.count < limit, let tenant = queue.next() {
            if buffers[tenant] == nil {
                let room = min(limit - claimed.count, queue.tenants[tenant]?.capacity ?? 0)
                buffers[tenant] = try Self.claimable(db, tenant: tenant, limit: room, now: time)[...]
            }
            guard let id = buffers[tenant]?.popFirst() else {
                queue.exhaust(tenant)
                continue
            }
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET status = 'running', lease_owner = ?, lease_expires = ?, attempts = attempts + 1,
                        started_at = COALESCE(started_at, ?)
                    WHERE id = ?
                    """
            ).execute(arguments: [worker, expires, time, id])
            queue.charge(tenant)
            charged.insert(tenant)
            claimed.append(id)
        }
        for tenant in charged {
            try db.cachedStatement(sql: "UPDATE tenants SET pass = ? WHERE id = ?").execute(
                arguments: [queue.tenants[tenant]?.pass ?? 0, tenant.rawValue])
        }
        return try claimed.map { id in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT \(Self.runColumns) FROM runs WHERE id = ?"), arguments: [id])
            else { throw SwitchyardError(code: .internalError, message: "claimed run \(id) vanished") }
            return try Self.runRecord(row)
        }
    }

    /// The tenants with a queued run or a running run whose lease expired, with their capacity now.
    static func waitingTenants(_ db: Database, now: Double) throws -> [FairQueue.Tenant] {
        // The queued tenants by a loose index scan of runs_by_status(status, tenant, …): one seek per tenant,
        // where `SELECT DISTINCT tenant` read every queued run (a flood of 20,000 queued runs: about 1 ms per claim
        // against 16 µs).
        let waiting = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH RECURSIVE queued(tenant) AS (
                        SELECT min(tenant) FROM runs WHERE status = 'queued'
                        UNION ALL
                        SELECT (SELECT min(tenant) FROM runs WHERE status = 'queued' AND tenant > queued.tenant)
                        FROM queued WHERE queued.tenant IS NOT NULL
                    )
                    SELECT tenant FROM queued WHERE tenant IS NOT NULL
                    UNION SELECT tenant FROM runs WHERE status = 'running' AND lease_expires < ?
                    """),
            arguments: [now])
        guard !waiting.isEmpty else { return [] }
        var running: [String: Int] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT tenant, count(*) AS n FROM runs WHERE status = 'running' AND lease_expires >= ?
                    GROUP BY tenant
                    """),
            arguments: [now])
        {
            running[row["tenant"]] = row["n"]
        }
        var tenants: [FairQueue.Tenant] = []
        for id in waiting {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT tier, max_concurrent, pass FROM tenants WHERE id = ?"),
                    arguments: [id])
            else { continue }
            tenants.append(
                FairQueue.Tenant(
                    id: try TenantID(id), tier: row["tier"], pass: row["pass"],
                    capacity: (row["max_concurrent"] as Int) - (running[id] ?? 0)))
        }
        return tenants
    }

    /// Up to `limit` of the tenant's claimable runs, oldest first: running runs whose lease expired, and queued
    /// runs that are the oldest active run of their thread (nothing running, interrupted or queued before them).
    static func claimable(_ db: Database, tenant: TenantID, limit: Int, now: Double) throws -> [String] {
        guard limit > 0 else { return [] }
        let expired = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, created_at, rowid AS rid FROM runs
                    WHERE status = 'running' AND tenant = ? AND lease_expires < ?
                    ORDER BY created_at, rowid LIMIT ?
                    """),
            arguments: [tenant.rawValue, now, limit])
        let queued = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, created_at, rowid AS rid FROM runs r WHERE status = 'queued' AND tenant = ?
                    AND NOT EXISTS (
                        SELECT 1 FROM runs o WHERE o.tenant = r.tenant AND o.thread = r.thread AND o.rowid != r.rowid
                        AND (o.status IN ('running', 'interrupted')
                            OR (o.status = 'queued' AND (o.created_at, o.rowid) < (r.created_at, r.rowid))))
                    ORDER BY created_at, rowid LIMIT ?
                    """),
            arguments: [tenant.rawValue, limit])
        let merged = (expired + queued).sorted {
            ($0["created_at"] as Double, $0["rid"] as Int64) < ($1["created_at"] as Double, $1["rid"] as Int64)
        }
        return merged.prefix(limit).map { $0["id"] }
    }

    public func release(tenant: TenantID, id: String, worker: String, now: Date) async throws -> Bool {
        defer { changes?.signal(.queue, .run(id)) }
        return try await write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET status = 'queued', lease_owner = NULL, lease_expires = NULL
                    WHERE id = ? AND tenant = ? AND status = 'running' AND lease_owner = ?
                    """
            ).execute(arguments: [id, tenant.rawValue, worker])
            return db.changesCount == 1
        }
    }

    public func heartbeat(worker: String, runs: [String], lease: Duration, now: Date) async throws -> HeartbeatResult {
        guard !runs.isEmpty else { return HeartbeatResult() }
        let expires = now.timeIntervalSince1970 + lease.inSeconds
        return try await write { db in
            var result = HeartbeatResult()
            for id in runs {
                let stop = try Bool.fetchOne(
                    db.cachedStatement(
                        sql: """
                            UPDATE runs SET lease_expires = ? WHERE id = ? AND status = 'running' AND lease_owner = ?
                            RETURNING stop_requested
                            """),
                    arguments: [expires, id, worker])
                switch stop {
                case nil: result.lost.append(id)
                case true?: result.stopRequested.append(id)
                case false?: break
                }
            }
            return result
        }
    }

    public func complete(_ completion: RunCompletion, worker: String, now: Date) async throws -> RunRecord {
        try Self.checkEnd(completion)
        defer { changes?.signal(.queue, .run(completion.run)) }
        return try await write { db in try Self.complete(db, completion, worker: worker, now: now) }
    }

    /// Completes and claims in one transaction: one durable commit between a worker's runs.
    /// - Parameters:
    ///   - completion: How the run ended.
    ///   - worker: The worker's id.
    ///   - now: The completion and claim time.
    ///   - limit: Most runs to claim.
    ///   - lease: How long the claim holds.
    /// - Returns: The finished run and the claimed ones.
    /// - Throws: As ``complete(_:worker:now:)`` (nothing changes) and ``claim(worker:limit:lease:now:)``.
    public func complete(
        _ completion: RunCompletion, worker: String, now: Date, thenClaim limit: Int, lease: Duration
    ) async throws -> (finished: RunRecord, claimed: [RunRecord]) {
        try Self.checkEnd(completion)
        defer { changes?.signal(.queue, .run(completion.run)) }
        let time = now.timeIntervalSince1970
        return try await write { db in
            let finished = try Self.complete(db, completion, worker: worker, now: now)
            let claimed =
                limit > 0
                ? try Self.claim(db, worker: worker, limit: limit, time: time, expires: time + lease.inSeconds) : []
            return (finished, claimed)
        }
    }

    static func checkEnd(_ completion: RunCompletion) throws {
        guard [.succeeded, .failed, .cancelled, .interrupted].contains(completion.status) else {
            throw SwitchyardError(
                code: .invalidArgument,
                message: "a run ends succeeded, failed, cancelled or interrupted, not \(completion.status)")
        }
    }

    /// The completion's transaction (see ``complete(_:worker:now:)``).
    static func complete(_ db: Database, _ completion: RunCompletion, worker: String, now: Date) throws -> RunRecord {
        let run = try Self.requireRun(db, tenant: completion.tenant, id: completion.run)
        guard run.status == .running, run.leaseOwner == worker else {
            throw SwitchyardError(
                code: .leaseLost,
                message:
                    "worker \(Self.quoted(worker)) no longer holds run \(run.id) (\(run.status), lease held by "
                    + "\(run.leaseOwner.map(Self.quoted) ?? "nobody")); drop the result, another worker owns it")
        }
        _ = try Self.insertEvents(
            db, run: run.id, events: completion.events.map { ($0.kind, $0.data) }, now: now)
        try Self.insertArtifacts(db, tenant: completion.tenant, completion.artifacts)
        // A run asked to stop that reaches an interrupt ends there: nobody will answer it.
        let status = completion.status == .interrupted && run.stopRequested ? .cancelled : completion.status
        if status == .interrupted {
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET status = 'interrupted', interrupt = ?, resume = NULL, lease_expires = NULL
                    WHERE id = ?
                    """
            ).execute(arguments: [(completion.interrupt ?? .null).jsonText, run.id])
        } else {
            var output = completion.output
            if status == .failed && output == nil {
                output = [
                    "code": completion.errorCode.map(JSONValue.string) ?? .null,
                    "message": completion.errorMessage.map(JSONValue.string) ?? .null,
                ]
            }
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET status = ?, output = ?, error_code = ?, error_message = ?, resume = NULL,
                        interrupt = NULL, lease_expires = NULL, finished_at = ?
                    WHERE id = ?
                    """
            ).execute(
                arguments: [
                    status.rawValue, output?.jsonText, completion.errorCode, completion.errorMessage,
                    now.timeIntervalSince1970, run.id,
                ])
        }
        let finished = try Self.requireRun(db, tenant: completion.tenant, id: run.id)
        try Self.enqueueWebhooks(db, run: finished, now: now)
        return finished
    }

    public func resume(tenant: TenantID, id: String, value: JSONValue, now: Date) async throws -> RunRecord {
        defer { changes?.signal(.queue, .run(id)) }
        return try await write { db in
            let run = try Self.requireRun(db, tenant: tenant, id: id)
            guard run.status == .interrupted else {
                throw SwitchyardError(
                    code: .runNotInterrupted,
                    message: "run \(id) is \(run.status), not waiting for an answer; only an interrupted run can be "
                        + "approved, rejected or resumed")
            }
            try Self.activate(db, tenant)
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET status = 'queued', resume = ?, interrupt = NULL, lease_expires = NULL
                    WHERE id = ? AND status = 'interrupted'
                    """
            ).execute(arguments: [value.jsonText, id])
            return try Self.requireRun(db, tenant: tenant, id: id)
        }
    }

    public func stuckRuns(now: Date, grace: Duration) async throws -> [RunRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.runColumns) FROM runs WHERE status = 'running' AND lease_expires < ?
                        ORDER BY lease_expires, id
                        """),
                arguments: [now.timeIntervalSince1970 - grace.inSeconds]
            ).map(Self.runRecord)
        }
    }

    public func queueDepth() async throws -> [QueueDepth] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT tenant, sum(status = 'queued') AS queued, sum(status = 'running') AS running,
                            min(CASE WHEN status = 'queued' THEN created_at END) AS oldest
                        FROM runs WHERE status IN ('queued', 'running') GROUP BY tenant ORDER BY tenant
                        """)
            ).map { row in
                QueueDepth(
                    tenant: try TenantID(row["tenant"] as String), queued: row["queued"], running: row["running"],
                    oldestQueued: (row["oldest"] as Double?).map(Self.date))
            }
        }
    }
}
