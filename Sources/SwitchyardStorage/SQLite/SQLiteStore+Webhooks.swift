import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore: WebhookStore {
    /// Webhooks (events comma-separated) and their delivery log; a delivery is queued in the transaction that ends
    /// or interrupts a run (``enqueueWebhooks(_:run:now:)``).
    static let webhookSchema = """
        CREATE TABLE webhooks (
            id TEXT PRIMARY KEY, tenant TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL, events TEXT NOT NULL,
            created_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX webhooks_by_tenant ON webhooks(tenant);
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY, tenant TEXT NOT NULL, webhook TEXT NOT NULL, event TEXT NOT NULL, payload TEXT NOT NULL,
            status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_status INTEGER, last_error TEXT,
            next_attempt REAL NOT NULL, created_at REAL NOT NULL, delivered_at REAL
        ) WITHOUT ROWID;
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt);
        CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook, created_at);
        """

    public func createWebhook(_ webhook: WebhookRecord) async throws {
        try await pool.write { db in
            guard try Self.fetchTenant(db, webhook.tenant) != nil else { throw Self.unknownTenant(webhook.tenant) }
            try db.cachedStatement(
                sql: "INSERT INTO webhooks (id, tenant, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(
                arguments: [
                    webhook.id, webhook.tenant.rawValue, webhook.url, webhook.secret,
                    webhook.events.sorted().joined(separator: ","), webhook.created.timeIntervalSince1970,
                ])
        }
    }

    public func webhooks(tenant: TenantID) async throws -> [WebhookRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM webhooks WHERE tenant = ? ORDER BY created_at"),
                arguments: [tenant.rawValue]
            ).map(Self.webhookRecord)
        }
    }

    public func deleteWebhook(tenant: TenantID, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.cachedStatement(sql: "DELETE FROM webhooks WHERE id = ? AND tenant = ?")
                .execute(arguments: [id, tenant.rawValue])
            guard db.changesCount == 1 else { return false }
            try db.cachedStatement(sql: "DELETE FROM webhook_deliveries WHERE webhook = ? AND status = 'pending'")
                .execute(arguments: [id])
            return true
        }
    }

    public func deliveries(tenant: TenantID, webhook: String, limit: Int) async throws -> [WebhookDelivery]? {
        try await pool.read { db in
            guard
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM webhooks WHERE id = ? AND tenant = ?"),
                    arguments: [webhook, tenant.rawValue]) != nil
            else { return nil }
            return try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT * FROM webhook_deliveries WHERE webhook = ? AND tenant = ? ORDER BY created_at DESC LIMIT ?"
                ), arguments: [webhook, tenant.rawValue, limit]
            ).map(Self.deliveryRecord)
        }
    }

    public func dueDeliveries(now: Date, limit: Int) async throws -> [(WebhookDelivery, WebhookRecord)] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT d.*, w.url AS w_url, w.secret AS w_secret, w.events AS w_events,
                            w.created_at AS w_created
                        FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook
                        WHERE d.status = 'pending' AND d.next_attempt <= ? ORDER BY d.next_attempt LIMIT ?
                        """), arguments: [now.timeIntervalSince1970, limit])
            return try rows.map { row in
                let delivery = try Self.deliveryRecord(row)
                let webhook = WebhookRecord(
                    id: delivery.webhook, tenant: delivery.tenant, url: row["w_url"], secret: row["w_secret"],
                    events: Set((row["w_events"] as String).split(separator: ",").map(String.init)),
                    created: Self.date(row["w_created"]))
                return (delivery, webhook)
            }
        }
    }

    public func recordAttempt(
        delivery: String, statusCode: Int?, error: String?, delivered: Bool, retryAt: Date?, now: Date
    ) async throws {
        try await pool.write { db in
            let status = delivered ? "delivered" : retryAt == nil ? "failed" : "pending"
            try db.cachedStatement(
                sql: """
                    UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?,
                        next_attempt = ?, delivered_at = ?
                    WHERE id = ? AND status = 'pending'
                    """
            ).execute(
                arguments: [
                    status, statusCode, error, (retryAt ?? now).timeIntervalSince1970,
                    delivered ? now.timeIntervalSince1970 : nil, delivery,
                ])
        }
    }

    /// Queues the event a run's new state means (`approval.waiting`, `run.succeeded`, `run.failed`) for each of
    /// its tenant's webhooks that wants it. Called inside the transaction that changed the run.
    static func enqueueWebhooks(_ db: Database, run: RunRecord, now: Date) throws {
        let event: String
        switch run.status {
        case .interrupted: event = "approval.waiting"
        case .succeeded: event = "run.succeeded"
        case .failed: event = "run.failed"
        default: return
        }
        let hooks = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, events FROM webhooks WHERE tenant = ?"),
            arguments: [run.tenant.rawValue])
        for hook in hooks where (hook["events"] as String).split(separator: ",").contains(Substring(event)) {
            let payload: JSONValue = [
                "event": .string(event), "tenant": .string(run.tenant.rawValue), "run": run.json,
                "time": .string(now.iso8601),
            ]
            try db.cachedStatement(
                sql: """
                    INSERT INTO webhook_deliveries (id, tenant, webhook, event, payload, status, next_attempt, created_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                    """
            ).execute(
                arguments: [
                    RunID.make("dlv", now: now), run.tenant.rawValue, hook["id"] as String, event, payload.jsonText,
                    now.timeIntervalSince1970, now.timeIntervalSince1970,
                ])
        }
    }

    static func webhookRecord(_ row: Row) throws -> WebhookRecord {
        WebhookRecord(
            id: row["id"], tenant: try TenantID(row["tenant"] as String), url: row["url"], secret: row["secret"],
            events: Set((row["events"] as String).split(separator: ",").map(String.init)),
            created: date(row["created_at"]))
    }

    static func deliveryRecord(_ row: Row) throws -> WebhookDelivery {
        WebhookDelivery(
            id: row["id"], tenant: try TenantID(row["tenant"] as String), webhook: row["webhook"], event: row["event"],
            payload: try JSONValue(parsing: row["payload"]), status: row["status"], attempts: row["attempts"],
            lastStatusCode: row["last_status"], lastError: row["last_error"], nextAttempt: date(row["next_attempt"]),
            created: date(row["created_at"]), delivered: (row["delivered_at"] as Double?).map(date))
    }
}
