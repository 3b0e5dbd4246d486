import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    public func createTenant(_ tenant: TenantRecord) async throws {
        try await pool.write { db in
            guard try Self.fetchTenant(db, tenant.id) == nil else {
                throw SwitchyardError(
                    code: .tenantExists,
                    message: "tenant '\(tenant.id)' already exists; change it with `switchyard tenants update "
                        + "\(tenant.id)` or pick another name")
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO tenants (id, tier, budget_usd, budget_period, max_concurrent, created_at, pass)
                    VALUES (?, ?, ?, ?, ?, ?, 0)
                    """
            ).execute(
                arguments: [
                    tenant.id.rawValue, tenant.tier, tenant.budgetUSD, tenant.budgetPeriodSeconds,
                    tenant.maxConcurrentRuns, tenant.created.timeIntervalSince1970,
                ])
        }
    }

    public func updateTenant(_ tenant: TenantRecord) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "UPDATE tenants SET tier = ?, budget_usd = ?, budget_period = ?, max_concurrent = ? WHERE id = ?"
            ).execute(
                arguments: [
                    max(1, tenant.tier), tenant.budgetUSD, tenant.budgetPeriodSeconds, max(1, tenant.maxConcurrentRuns),
                    tenant.id.rawValue,
                ])
            guard db.changesCount == 1 else { throw Self.unknownTenant(tenant.id) }
        }
    }

    public func tenant(_ id: TenantID) async throws -> TenantRecord? {
        try await pool.read { db in try Self.fetchTenant(db, id) }
    }

    public func tenants() async throws -> [TenantRecord] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tenants ORDER BY id")).map(Self.tenantRecord)
        }
    }

    static func fetchTenant(_ db: Database, _ id: TenantID) throws -> TenantRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tenants WHERE id = ?"), arguments: [id.rawValue])
            .map(tenantRecord)
    }

    /// Whether `id` is a tenant, without reading its record (a submit's check).
    static func tenantExists(_ db: Database, _ id: TenantID) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM tenants WHERE id = ?"), arguments: [id.rawValue])
            != nil
    }

    static func tenantRecord(_ row: Row) throws -> TenantRecord {
        TenantRecord(
            id: try TenantID(row["id"] as String), tier: row["tier"], budgetUSD: row["budget_usd"],
            budgetPeriodSeconds: row["budget_period"], maxConcurrentRuns: row["max_concurrent"],
            created: date(row["created_at"]))
    }

    static func unknownTenant(_ id: TenantID) -> SwitchyardError {
        SwitchyardError(
            code: .unknownTenant,
            message: "there is no tenant '\(id)'; create it with `switchyard tenants create \(id)` or list them with "
                + "`switchyard tenants list`")
    }

    /// Raises the fair-queue pass of `tenant` to the smallest pass of the other active tenants when it has no
    /// run queued or running (it is about to become active; see `FairQueue.joiningPass`).
    static func activate(_ db: Database, _ tenant: TenantID) throws {
        let active =
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE status IN ('queued', 'running') AND tenant = ?)"),
                arguments: [tenant.rawValue]) ?? false
        guard !active else { return }
        let own =
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT pass FROM tenants WHERE id = ?"), arguments: [tenant.rawValue]) ?? 0
        let others = try Double.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT pass FROM tenants t WHERE id != ? AND EXISTS (
                        SELECT 1 FROM runs r WHERE r.status IN ('queued', 'running') AND r.tenant = t.id)
                    """),
            arguments: [tenant.rawValue])
        let pass = FairQueue.joiningPass(own: own, active: others)
        if pass != own {
            try db.cachedStatement(sql: "UPDATE tenants SET pass = ? WHERE id = ?").execute(
                arguments: [pass, tenant.rawValue])
        }
    }
}
