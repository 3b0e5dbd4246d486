import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    /// Tenants, runs (the queue), run events, artifacts, usage and schedules. Times are seconds since 1970 (REAL);
    /// JSON values are compact text with sorted keys. `tenants.pass` is the fair queue's virtual time.
    static let runSchema = """
        CREATE TABLE tenants (
            id TEXT PRIMARY KEY, tier INTEGER NOT NULL, budget_usd REAL, budget_period REAL,
            max_concurrent INTEGER NOT NULL, created_at REAL NOT NULL, pass REAL NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE runs (
            id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, workflow TEXT NOT NULL, workflow_version TEXT NOT NULL,
            workflow_hash TEXT NOT NULL, thread TEXT NOT NULL, input TEXT NOT NULL, metadata TEXT NOT NULL,
            status TEXT NOT NULL, multitask TEXT NOT NULL, idempotency_key TEXT, resume TEXT, interrupt TEXT,
            output TEXT, error_code TEXT, error_message TEXT, attempts INTEGER NOT NULL DEFAULT 0, lease_owner TEXT,
            lease_expires REAL, stop_requested INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL,
            started_at REAL, finished_at REAL
        );
        CREATE UNIQUE INDEX runs_by_idempotency_key ON runs(tenant, idempotency_key)
            WHERE idempotency_key IS NOT NULL;
        CREATE INDEX runs_by_status ON runs(status, tenant, created_at);
        CREATE INDEX runs_by_thread ON runs(tenant, thread, status);
        CREATE INDEX runs_by_tenant ON runs(tenant, created_at);
        CREATE TABLE run_events (
            run TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL, time REAL NOT NULL,
            PRIMARY KEY (run, seq)
        ) WITHOUT ROWID;
        CREATE TABLE artifacts (
            run TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, created_at REAL NOT NULL,
            PRIMARY KEY (run, name)
        ) WITHOUT ROWID;
        CREATE TABLE usage (
            tenant TEXT NOT NULL, key TEXT NOT NULL, run TEXT, node TEXT, model TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
            cached INTEGER NOT NULL, latency REAL NOT NULL, time REAL NOT NULL,
            PRIMARY KEY (tenant, key)
        ) WITHOUT ROWID;
        CREATE INDEX usage_by_time ON usage(tenant, time);
        CREATE TABLE schedules (
            id TEXT PRIMARY KEY, tenant TEXT, workflow TEXT NOT NULL, cron TEXT NOT NULL, timezone TEXT NOT NULL,
            input TEXT NOT NULL, paused INTEGER NOT NULL, next_fire REAL NOT NULL, created_at REAL NOT NULL
        ) WITHOUT ROWID;
        """

    /// The columns of `runs` a record is read from.
    static let runColumns = """
        id, tenant, workflow, workflow_version, workflow_hash, thread, input, metadata, status, multitask,
        idempotency_key, resume, interrupt, output, error_code, error_message, attempts, lease_owner, lease_expires,
        stop_requested, created_at, started_at, finished_at
        """

    /// A run from a row of ``runColumns``, read by position (a lookup by name compares names case-insensitively,
    /// which cost more than the rest of the read on `GET /v1/runs/{id}`).
    static func runRecord(_ row: Row) throws -> RunRecord {
        let id: String = row[0]
        do {
            var record = RunRecord(
                id: id, tenant: try TenantID(row[1] as String), workflow: row[2],
                workflowVersion: row[3], workflowHash: row[4], thread: row[5],
                input: try JSONValue(parsing: row[6]), metadata: try JSONValue(parsing: row[7]),
                status: RunStatus(rawValue: row[8]) ?? .failed,
                multitask: MultitaskStrategy(rawValue: row[9]) ?? .reject,
                idempotencyKey: row[10], created: date(row[20]))
            record.resume = try (row[11] as String?).map(JSONValue.init(parsing:))
            record.interrupt = try (row[12] as String?).map(JSONValue.init(parsing:))
            record.output = try (row[13] as String?).map(JSONValue.init(parsing:))
            record.errorCode = row[14]
            record.errorMessage = row[15]
            record.attempts = row[16]
            record.leaseOwner = row[17]
            record.leaseExpires = (row[18] as Double?).map(date)
            record.stopRequested = row[19]
            record.started = (row[21] as Double?).map(date)
            record.finished = (row[22] as Double?).map(date)
            return record
        } catch {
            throw SwitchyardError(
                code: .malformedRecord,
                message: "run '\(id)' in \(fileName) is unreadable (\(error)); the database was changed by hand",
                cause: error)
        }
    }

    static func fetchRun(_ db: Database, tenant: TenantID, id: String) throws -> RunRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(runColumns) FROM runs WHERE id = ? AND tenant = ?"),
            arguments: [id, tenant.rawValue]
        ).map(runRecord)
    }

    static func requireRun(_ db: Database, tenant: TenantID, id: String) throws -> RunRecord {
        guard let run = try fetchRun(db, tenant: tenant, id: id) else { throw runNotFound(tenant: tenant, id: id) }
        return run
    }

    static func runNotFound(tenant: TenantID, id: String) -> SwitchyardError {
        SwitchyardError(
            code: .runNotFound,
            message: "tenant '\(tenant)' has no run \(quoted(id)); list runs with `switchyard runs list --tenant "
                + "\(tenant)`")
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// Input text for a message: escaped and cut to a readable length, in quotes.
    static func quoted(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "'" + (escaped.count > 60 ? escaped.prefix(57) + "..." : escaped) + "'"
    }
}
