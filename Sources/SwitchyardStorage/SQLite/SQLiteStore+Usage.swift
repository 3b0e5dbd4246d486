import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    @discardableResult
    public func recordUsage(_ record: UsageRecord) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO usage (tenant, key, run, node, model, prompt_tokens, completion_tokens,
                        cost_usd, cached, latency, time)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    record.tenant.rawValue, record.key, record.run, record.node, record.model, record.promptTokens,
                    record.completionTokens, record.costUSD, record.cached, record.latencySeconds,
                    record.time.timeIntervalSince1970,
                ])
            return db.changesCount == 1
        }
    }

    public func usage(tenant: TenantID, since: Date, by grouping: UsageGrouping) async throws -> [UsageTotal] {
        let group =
            switch grouping {
            case .run: "coalesce(run, '')"
            case .node: "coalesce(node, '')"
            case .day: "strftime('%Y-%m-%d', time, 'unixepoch')"
            default: "model"
            }
        return try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(group) AS g, count(*) AS calls, sum(prompt_tokens) AS prompt,
                            sum(completion_tokens) AS completion, sum(cost_usd) AS cost
                        FROM usage WHERE tenant = ? AND time >= ? GROUP BY g ORDER BY g
                        """),
                arguments: [tenant.rawValue, since.timeIntervalSince1970]
            ).map { row in
                UsageTotal(
                    group: row["g"], calls: row["calls"], promptTokens: row["prompt"],
                    completionTokens: row["completion"], costUSD: row["cost"])
            }
        }
    }

    public func spend(tenant: TenantID, since: Date) async throws -> Double {
        try await pool.read { db in
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT coalesce(sum(cost_usd), 0) FROM usage WHERE tenant = ? AND time >= ?"),
                arguments: [tenant.rawValue, since.timeIntervalSince1970]) ?? 0
        }
    }
}
