import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    @discardableResult
    public func appendEvent(
        tenant: TenantID, run: String, kind: String, data: JSONValue, now: Date
    ) async throws -> RunEvent {
        defer { changes?.signal(.run(run)) }
        return try await write { db in
            try Self.requireOwnRun(db, tenant: tenant, id: run)
            let seq =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT coalesce(max(seq), 0) + 1 FROM run_events WHERE run = ?"),
                    arguments: [run]) ?? 1
            try db.cachedStatement(sql: "INSERT INTO run_events (run, seq, kind, data, time) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [run, seq, kind, data.jsonText, now.timeIntervalSince1970])
            return RunEvent(seq: seq, run: run, kind: kind, data: data, time: now)
        }
    }

    public func appendEvents(
        tenant: TenantID, run: String, events: [(kind: String, data: JSONValue)], now: Date
    ) async throws -> [RunEvent] {
        guard !events.isEmpty else { return [] }
        defer { changes?.signal(.run(run)) }
        return try await write { db in
            try Self.requireOwnRun(db, tenant: tenant, id: run)
            return try Self.insertEvents(db, run: run, events: events, now: now)
        }
    }

    public func putArtifacts(tenant: TenantID, _ artifacts: [Artifact]) async throws {
        guard !artifacts.isEmpty else { return }
        try await write { db in try Self.insertArtifacts(db, tenant: tenant, artifacts) }
    }

    /// Appends `events` to `run` (whose tenant the caller checked), numbered after its last one.
    static func insertEvents(
        _ db: Database, run: String, events: [(kind: String, data: JSONValue)], now: Date
    ) throws -> [RunEvent] {
        guard !events.isEmpty else { return [] }
        var seq =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT coalesce(max(seq), 0) + 1 FROM run_events WHERE run = ?"),
                arguments: [run]) ?? 1
        var appended: [RunEvent] = []
        for event in events {
            try db.cachedStatement(
                sql: "INSERT INTO run_events (run, seq, kind, data, time) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [run, seq, event.kind, event.data.jsonText, now.timeIntervalSince1970])
            appended.append(RunEvent(seq: seq, run: run, kind: event.kind, data: event.data, time: now))
            seq += 1
        }
        return appended
    }

    /// Writes (or replaces) `artifacts`, each checked to belong to a run of `tenant`.
    static func insertArtifacts(_ db: Database, tenant: TenantID, _ artifacts: [Artifact]) throws {
        for artifact in artifacts {
            try requireOwnRun(db, tenant: tenant, id: artifact.run)
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO artifacts (run, name, value, created_at) VALUES (?, ?, ?, ?)"
            ).execute(
                arguments: [
                    artifact.run, artifact.name, artifact.value.jsonText, artifact.created.timeIntervalSince1970,
                ])
        }
    }

    public func events(tenant: TenantID, run: String, after: Int, limit: Int) async throws -> [RunEvent] {
        try await pool.read { db in
            try Self.requireOwnRun(db, tenant: tenant, id: run)
            return try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT seq, kind, data, time FROM run_events WHERE run = ? AND seq > ? ORDER BY seq LIMIT ?"),
                arguments: [run, after, max(0, limit)]
            ).map { row in
                RunEvent(
                    seq: row["seq"], run: run, kind: row["kind"], data: try JSONValue(parsing: row["data"]),
                    time: Self.date(row["time"]))
            }
        }
    }

    public func putArtifact(tenant: TenantID, _ artifact: Artifact) async throws {
        try await write { db in
            try Self.requireOwnRun(db, tenant: tenant, id: artifact.run)
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO artifacts (run, name, value, created_at) VALUES (?, ?, ?, ?)"
            ).execute(
                arguments: [
                    artifact.run, artifact.name, artifact.value.jsonText, artifact.created.timeIntervalSince1970,
                ])
        }
    }

    public func artifacts(tenant: TenantID, run: String) async throws -> [Artifact] {
        try await pool.read { db in
            try Self.requireOwnRun(db, tenant: tenant, id: run)
            return try Row.fetchAll(
                db.cachedStatement(sql: "SELECT name, value, created_at FROM artifacts WHERE run = ? ORDER BY name"),
                arguments: [run]
            ).map { row in
                Artifact(
                    run: run, name: row["name"], value: try JSONValue(parsing: row["value"]),
                    created: Self.date(row["created_at"]))
            }
        }
    }

    /// `run_not_found` unless `id` is a run of `tenant`.
    static func requireOwnRun(_ db: Database, tenant: TenantID, id: String) throws {
        let owned = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM runs WHERE id = ? AND tenant = ?"), arguments: [id, tenant.rawValue])
        guard owned == true else { throw runNotFound(tenant: tenant, id: id) }
    }
}
