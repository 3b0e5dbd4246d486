import Foundation
import GRDB
import SwitchyardCore
import SwitchyardKnowledge

/// The knowledge base's tables: documents, chunks (text, span, vector), BM25 postings with per-tenant statistics
/// (`kb_tenants`), and the persisted vector index in pages. Every table's key starts with the tenant.
///
/// BM25 statistics are our own, per tenant, not FTS5's: FTS5 keeps N, avgdl and df per table, so a shared FTS5
/// table would let one tenant's documents move another's scores, and a table per tenant means DDL at run time
/// and thousands of tables; PostgreSQL has no BM25 at all, so scoring above the store gives both backends the
/// same scores. `kb_postings` is an inverted index keyed (tenant, term, chunk).
extension SQLiteStore {
    static let knowledgeSchema = """
        CREATE TABLE kb_tenants (
            tenant TEXT PRIMARY KEY, generation INTEGER NOT NULL DEFAULT 0,
            chunk_count INTEGER NOT NULL DEFAULT 0, total_length INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE TABLE kb_documents (
            tenant TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL,
            content_hash TEXT NOT NULL, metadata TEXT NOT NULL, chunk_count INTEGER NOT NULL,
            ingested_at REAL NOT NULL, PRIMARY KEY (tenant, id)) WITHOUT ROWID;
        CREATE INDEX kb_documents_by_source ON kb_documents(tenant, source);
        CREATE TABLE kb_chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, document TEXT NOT NULL,
            ordinal INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            heading_path TEXT NOT NULL, tokens INTEGER NOT NULL, length INTEGER NOT NULL, model TEXT, vector BLOB);
        CREATE INDEX kb_chunks_by_document ON kb_chunks(tenant, document, ordinal);
        CREATE INDEX kb_chunks_by_model ON kb_chunks(tenant, model);
        CREATE TABLE kb_postings (
            tenant TEXT NOT NULL, term TEXT NOT NULL, chunk INTEGER NOT NULL, tf INTEGER NOT NULL,
            length INTEGER NOT NULL, PRIMARY KEY (tenant, term, chunk)) WITHOUT ROWID;
        CREATE INDEX kb_postings_by_chunk ON kb_postings(chunk);
        CREATE TABLE kb_vector_index (
            tenant TEXT NOT NULL, page INTEGER NOT NULL, generation INTEGER NOT NULL, model TEXT NOT NULL,
            data BLOB NOT NULL, PRIMARY KEY (tenant, page)) WITHOUT ROWID;
        """

    /// Bytes per `kb_vector_index` row (SQLite's default blob limit is 1 GB; pages keep rows small).
    static let indexPageBytes = 16 << 20

    static func encodeVector(_ v: [Float]) -> Data { v.withUnsafeBytes { Data($0) } }

    static func decodeVector(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        }
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// Bumps the tenant's generation; returns (previous, new).
    static func bumpGeneration(_ db: Database, _ tenant: String) throws -> (Int64, Int64) {
        try db.execute(sql: "INSERT OR IGNORE INTO kb_tenants (tenant) VALUES (?)", arguments: [tenant])
        let previous =
            try Int64.fetchOne(
                db, sql: "SELECT generation FROM kb_tenants WHERE tenant = ?", arguments: [tenant]) ?? 0
        try db.execute(sql: "UPDATE kb_tenants SET generation = ? WHERE tenant = ?", arguments: [previous + 1, tenant])
        return (previous, previous + 1)
    }

    /// Deletes a document's chunks and postings and the document row; returns the chunk ids removed.
    static func removeDocument(_ db: Database, _ tenant: String, _ id: String) throws -> [Int64] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, length FROM kb_chunks WHERE tenant = ? AND document = ?", arguments: [tenant, id])
        let ids: [Int64] = rows.map { $0["id"] }
        let total = rows.reduce(0) { $0 + ($1["length"] as Int) }
        for chunk in ids { try db.execute(sql: "DELETE FROM kb_postings WHERE chunk = ?", arguments: [chunk]) }
        try db.execute(sql: "DELETE FROM kb_chunks WHERE tenant = ? AND document = ?", arguments: [tenant, id])
        try db.execute(sql: "DELETE FROM kb_documents WHERE tenant = ? AND id = ?", arguments: [tenant, id])
        try db.execute(
            sql:
                "UPDATE kb_tenants SET chunk_count = chunk_count - ?, total_length = total_length - ? WHERE tenant = ?",
            arguments: [ids.count, total, tenant])
        return ids
    }

    static func document(_ row: Row) throws -> DocumentRecord {
        let metadata = try JSONDecoder().decode([String: String].self, from: Data((row["metadata"] as String).utf8))
        return DocumentRecord(
            id: row["id"], source: row["source"], title: row["title"], contentHash: row["content_hash"],
            metadata: metadata, chunkCount: row["chunk_count"],
            ingestedAt: Date(timeIntervalSince1970: row["ingested_at"]))
    }
}
