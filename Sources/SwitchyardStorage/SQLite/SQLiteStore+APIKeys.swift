import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore: APIKeyStore {
    /// API keys: the public id, the tenant, the SHA-256 of the whole key (never the key), scopes (comma-separated),
    /// creation, expiry and revocation times.
    static let apiKeySchema = """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT, scopes TEXT NOT NULL, digest BLOB NOT NULL,
            created_at REAL NOT NULL, expires_at REAL, revoked_at REAL
        ) WITHOUT ROWID;
        CREATE INDEX api_keys_by_tenant ON api_keys(tenant, created_at);
        """

    public func createAPIKey(_ key: APIKeyRecord) async throws {
        try await pool.write { db in
            guard try Self.fetchTenant(db, key.tenant) != nil else { throw Self.unknownTenant(key.tenant) }
            try db.cachedStatement(
                sql: """
                    INSERT INTO api_keys (id, tenant, name, scopes, digest, created_at, expires_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    key.id, key.tenant.rawValue, key.name, key.scopes.sorted().map(\.rawValue).joined(separator: ","),
                    Data(key.digest), key.created.timeIntervalSince1970, key.expires?.timeIntervalSince1970,
                    key.revoked?.timeIntervalSince1970,
                ])
        }
    }

    public func apiKey(id: String) async throws -> APIKeyRecord? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM api_keys WHERE id = ?"), arguments: [id])
                .map(Self.apiKeyRecord)
        }
    }

    public func apiKeys(tenant: TenantID?) async throws -> [APIKeyRecord] {
        try await pool.read { db in
            let rows =
                if let tenant {
                    try Row.fetchAll(
                        db.cachedStatement(sql: "SELECT * FROM api_keys WHERE tenant = ? ORDER BY created_at DESC"),
                        arguments: [tenant.rawValue])
                } else {
                    try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM api_keys ORDER BY created_at DESC"))
                }
            return try rows.map(Self.apiKeyRecord)
        }
    }

    public func revokeAPIKey(tenant: TenantID?, id: String, now: Date) async throws -> APIKeyRecord {
        try await pool.write { db in
            guard
                var key = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM api_keys WHERE id = ?"), arguments: [id]
                )
                .map(Self.apiKeyRecord), tenant == nil || key.tenant == tenant
            else {
                throw SwitchyardError(
                    code: .apiKeyNotFound,
                    message: "there is no API key \(id.quotedExcerpt()); list them with `switchyard keys list`")
            }
            if key.revoked == nil {
                try db.cachedStatement(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ?")
                    .execute(arguments: [now.timeIntervalSince1970, id])
                key.revoked = now
            }
            return key
        }
    }

    public func activeAPIKeyCount(now: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
                ),
                arguments: [now.timeIntervalSince1970]) ?? 0
        }
    }

    static func apiKeyRecord(_ row: Row) throws -> APIKeyRecord {
        let scopes = try (row["scopes"] as String).split(separator: ",").map { try APIKeyScope(parsing: String($0)) }
        return APIKeyRecord(
            id: row["id"], tenant: try TenantID(row["tenant"] as String), name: row["name"], scopes: Set(scopes),
            digest: [UInt8](row["digest"] as Data), created: date(row["created_at"]),
            expires: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            revoked: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
