import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    public func createSchedule(_ schedule: ScheduleRecord) async throws {
        try await pool.write { db in
            if let tenant = schedule.tenant, try Self.fetchTenant(db, tenant) == nil {
                throw Self.unknownTenant(tenant)
            }
            guard
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM schedules WHERE tenant = ? AND id = ?"),
                    arguments: [Self.owner(schedule.tenant), schedule.id]) == nil
            else {
                throw SwitchyardError(
                    code: .scheduleExists,
                    message: "schedule \(Self.quoted(schedule.id)) already exists; delete it first or pick another id")
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO schedules (id, tenant, workflow, cron, timezone, input, paused, next_fire, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    schedule.id, Self.owner(schedule.tenant), schedule.workflow, schedule.cron, schedule.timezone,
                    schedule.input.jsonText, schedule.paused, schedule.nextFire.timeIntervalSince1970,
                    schedule.created.timeIntervalSince1970,
                ])
        }
    }

    public func schedules(tenant: TenantID?) async throws -> [ScheduleRecord] {
        try await pool.read { db in
            let rows =
                if let tenant {
                    try Row.fetchAll(
                        db.cachedStatement(sql: "SELECT * FROM schedules WHERE tenant = ? ORDER BY id"),
                        arguments: [tenant.rawValue])
                } else {
                    try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM schedules ORDER BY id, tenant"))
                }
            return try rows.map { row in
                ScheduleRecord(
                    id: row["id"], tenant: try Self.tenant(owner: row["tenant"]),
                    workflow: row["workflow"], cron: row["cron"], timezone: row["timezone"],
                    input: try JSONValue(parsing: row["input"]), paused: row["paused"],
                    nextFire: Self.date(row["next_fire"]), created: Self.date(row["created_at"]))
            }
        }
    }

    public func setSchedulePaused(tenant: TenantID?, id: String, paused: Bool) async throws {
        try await pool.write { db in
            try db.cachedStatement(sql: "UPDATE schedules SET paused = ? WHERE tenant = ? AND id = ?").execute(
                arguments: [paused, Self.owner(tenant), id])
            guard db.changesCount == 1 else {
                throw SwitchyardError(
                    code: .scheduleNotFound,
                    message: "there is no schedule \(Self.quoted(id)); list them with `switchyard schedules list`")
            }
        }
    }

    public func deleteSchedule(tenant: TenantID?, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.cachedStatement(sql: "DELETE FROM schedules WHERE tenant = ? AND id = ?").execute(
                arguments: [Self.owner(tenant), id])
            return db.changesCount == 1
        }
    }

    public func advanceSchedule(tenant: TenantID?, id: String, expected: Date, next: Date) async throws -> Bool {
        try await pool.write { db in
            // Within a microsecond, so a `Date` that went through another representation still matches.
            try db.cachedStatement(
                sql: """
                    UPDATE schedules SET next_fire = ?
                    WHERE tenant = ? AND id = ? AND abs(next_fire - ?) < 1e-6 AND paused = 0
                    """
            ).execute(arguments: [next.timeIntervalSince1970, Self.owner(tenant), id, expected.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// A schedule's owner as stored: its tenant, or `''` for a schedule of every tenant (the key's columns are
    /// NOT NULL).
    static func owner(_ tenant: TenantID?) -> String { tenant?.rawValue ?? "" }

    static func tenant(owner: String?) throws -> TenantID? {
        guard let owner, !owner.isEmpty else { return nil }
        return try TenantID(owner)
    }
}
