import Foundation
import GRDB
import SwitchyardCore
import SwitchyardModelAPI

/// The gateway's response cache in SQLite: the exact tier keyed (tenant, digest) with the full key text
/// compared on read, the semantic tier as rows of (tenant, fingerprint, vector), and an index of grounding
/// documents for invalidation. Every row carries the tenant and every statement filters on it.
extension SQLiteStore {
    static let responseCacheSchema = """
        CREATE TABLE response_cache (
            tenant TEXT NOT NULL, digest INTEGER NOT NULL, key TEXT NOT NULL, response TEXT NOT NULL,
            expires_at REAL NOT NULL, PRIMARY KEY (tenant, digest)) WITHOUT ROWID;
        CREATE TABLE response_cache_semantic (
            id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, fingerprint TEXT NOT NULL,
            text TEXT NOT NULL, vector BLOB NOT NULL, model TEXT NOT NULL, response TEXT NOT NULL,
            created_at REAL NOT NULL, expires_at REAL NOT NULL, documents TEXT NOT NULL);
        CREATE INDEX response_cache_semantic_by_fingerprint ON response_cache_semantic(tenant, fingerprint, id);
        CREATE TABLE response_cache_documents (
            tenant TEXT NOT NULL, document TEXT NOT NULL, tier TEXT NOT NULL, ref INTEGER NOT NULL,
            PRIMARY KEY (tenant, document, tier, ref)) WITHOUT ROWID;
        """
}

extension SQLiteStore: ResponseCacheStore {
    public func lookup(tenant: TenantID, key: CacheKey, now: Date) async throws -> ChatResponse? {
        let found: (key: String, response: String, expires: Double)? = try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT key, response, expires_at FROM response_cache WHERE tenant = ? AND digest = ?",
                arguments: [tenant.rawValue, Int64(bitPattern: key.digest)]
            ).map { ($0["key"], $0["response"], $0["expires_at"]) }
        }
        guard let found, found.key == key.text, found.expires > now.timeIntervalSince1970 else { return nil }
        return try Self.decodeResponse(found.response)
    }

    public func store(
        tenant: TenantID, key: CacheKey, response: ChatResponse, expires: Date, documents: [String]
    ) async throws {
        let t = tenant.rawValue
        let digest = Int64(bitPattern: key.digest)
        let body = try Self.encodeJSON(response)
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM response_cache_documents WHERE tenant = ? AND tier = 'exact' AND ref = ?",
                arguments: [t, digest])
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO response_cache (tenant, digest, key, response, expires_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [t, digest, key.text, body, expires.timeIntervalSince1970])
            for document in Set(documents) {
                try db.execute(
                    sql: "INSERT INTO response_cache_documents (tenant, document, tier, ref) VALUES (?, ?, 'exact', ?)",
                    arguments: [t, document, digest])
            }
            try Self.purgeExpired(db, tenant: t, now: Date())
        }
    }

    public func storeSemantic(tenant: TenantID, entry: SemanticCacheEntry) async throws {
        let t = tenant.rawValue
        let body = try Self.encodeJSON(entry.response)
        let documents = try Self.encodeJSON(entry.documents)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO response_cache_semantic (tenant, fingerprint, text, vector, model, response, created_at,
                        expires_at, documents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    t, entry.fingerprint, entry.text, Self.encodeVector(entry.vector), entry.embeddingModel, body,
                    entry.created.timeIntervalSince1970, entry.expires.timeIntervalSince1970, documents,
                ])
            let id = db.lastInsertedRowID
            for document in Set(entry.documents) {
                try db.execute(
                    sql: """
                        INSERT INTO response_cache_documents (tenant, document, tier, ref) VALUES (?, ?, 'semantic', ?)
                        """,
                    arguments: [t, document, id])
            }
        }
    }

    public func semanticCandidates(
        tenant: TenantID, fingerprint: String, now: Date, limit: Int
    ) async throws
        -> [SemanticCacheEntry]
    {
        let rows: [SemanticRow] = try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT fingerprint, text, vector, model, response, created_at, expires_at, documents
                    FROM response_cache_semantic WHERE tenant = ? AND fingerprint = ? AND expires_at > ?
                    ORDER BY id DESC LIMIT ?
                    """,
                arguments: [tenant.rawValue, fingerprint, now.timeIntervalSince1970, max(0, limit)]
            ).map {
                SemanticRow(
                    fingerprint: $0["fingerprint"], text: $0["text"], vector: $0["vector"], model: $0["model"],
                    response: $0["response"], created: $0["created_at"], expires: $0["expires_at"],
                    documents: $0["documents"])
            }
        }
        return try rows.map { row in
            SemanticCacheEntry(
                fingerprint: row.fingerprint, text: row.text, vector: Self.decodeVector(row.vector),
                embeddingModel: row.model, response: try Self.decodeResponse(row.response),
                created: Date(timeIntervalSince1970: row.created), expires: Date(timeIntervalSince1970: row.expires),
                documents: try JSONDecoder().decode([String].self, from: Data(row.documents.utf8)))
        }
    }

    public func invalidate(tenant: TenantID, documents: [String]) async throws -> Int {
        let t = tenant.rawValue
        return try await pool.write { db in
            var exact: Set<Int64> = []
            var semantic: Set<Int64> = []
            for document in Set(documents) {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT tier, ref FROM response_cache_documents WHERE tenant = ? AND document = ?",
                    arguments: [t, document])
                for row in rows {
                    if row["tier"] as String == "exact" {
                        exact.insert(row["ref"])
                    } else {
                        semantic.insert(row["ref"])
                    }
                }
            }
            var dropped = 0
            for digest in exact {
                try db.execute(
                    sql: "DELETE FROM response_cache WHERE tenant = ? AND digest = ?", arguments: [t, digest])
                dropped += db.changesCount
                try db.execute(
                    sql: "DELETE FROM response_cache_documents WHERE tenant = ? AND tier = 'exact' AND ref = ?",
                    arguments: [t, digest])
            }
            for id in semantic {
                try db.execute(
                    sql: "DELETE FROM response_cache_semantic WHERE tenant = ? AND id = ?", arguments: [t, id])
                dropped += db.changesCount
                try db.execute(
                    sql: "DELETE FROM response_cache_documents WHERE tenant = ? AND tier = 'semantic' AND ref = ?",
                    arguments: [t, id])
            }
            return dropped
        }
    }

    /// Drops the tenant's expired entries (and their document links).
    static func purgeExpired(_ db: Database, tenant: String, now: Date) throws {
        let cutoff = now.timeIntervalSince1970
        try db.execute(
            sql: """
                DELETE FROM response_cache_documents WHERE tenant = ? AND tier = 'semantic' AND ref IN
                    (SELECT id FROM response_cache_semantic WHERE tenant = ? AND expires_at <= ?)
                """,
            arguments: [tenant, tenant, cutoff])
        try db.execute(
            sql: "DELETE FROM response_cache_semantic WHERE tenant = ? AND expires_at <= ?",
            arguments: [tenant, cutoff])
        try db.execute(
            sql: """
                DELETE FROM response_cache_documents WHERE tenant = ? AND tier = 'exact' AND ref IN
                    (SELECT digest FROM response_cache WHERE tenant = ? AND expires_at <= ?)
                """,
            arguments: [tenant, tenant, cutoff])
        try db.execute(
            sql: "DELETE FROM response_cache WHERE tenant = ? AND expires_at <= ?", arguments: [tenant, cutoff])
    }

    static func decodeResponse(_ text: String) throws -> ChatResponse {
        do {
            return try JSONDecoder().decode(ChatResponse.self, from: Data(text.utf8))
        } catch {
            throw SwitchyardError(
                code: .corruptCacheEntry,
                message: "a cached response in the SQLite store does not decode; clear the response_cache tables",
                cause: error)
        }
    }
}

/// One semantic-tier row as read, before decoding.
private struct SemanticRow: Sendable {
    var fingerprint: String
    var text: String
    var vector: Data
    var model: String
    var response: String
    var created: Double
    var expires: Double
    var documents: String
}
