import Foundation
import GRDB
import SwitchyardCore
import SwitchyardKnowledge

extension SQLiteStore: KnowledgeStore {
    public func replaceSource(
        _ source: String, with documents: [DocumentWrite], keeping: Set<String>, tenant: TenantID
    ) async throws -> KnowledgeChange {
        let t = tenant.rawValue
        return try await pool.write { db in
            let (previous, generation) = try Self.bumpGeneration(db, t)
            let writing = Set(documents.map(\.record.id))
            var removed: [Int64] = []
            let old = try String.fetchAll(
                db, sql: "SELECT id FROM kb_documents WHERE tenant = ? AND source = ?", arguments: [t, source])
            for id in old where !keeping.contains(id) && !writing.contains(id) {
                removed += try Self.removeDocument(db, t, id)
            }
            let exists = try db.makeStatement(sql: "SELECT 1 FROM kb_documents WHERE tenant = ? AND id = ?")
            for id in writing where try Bool.fetchOne(exists, arguments: [t, id]) != nil {
                removed += try Self.removeDocument(db, t, id)
            }
            var added: [ChunkVector] = []
            var written: [Int64] = []
            var chunkCount = 0
            var totalLength = 0
            let insertChunk = try db.makeStatement(
                sql: """
                    INSERT INTO kb_chunks (tenant, document, ordinal, text, start, "end", heading_path, tokens, length,
                        model, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertPosting = try db.makeStatement(
                sql: "INSERT INTO kb_postings (tenant, term, chunk, tf, length) VALUES (?, ?, ?, ?, ?)")
            for doc in documents {
                let r = doc.record
                try db.execute(
                    sql: """
                        INSERT INTO kb_documents (tenant, id, source, title, content_hash, metadata, chunk_count,
                            ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        t, r.id, r.source, r.title, r.contentHash, try Self.encodeJSON(r.metadata), doc.chunks.count,
                        r.ingestedAt.timeIntervalSince1970,
                    ])
                for c in doc.chunks {
                    try insertChunk.execute(arguments: [
                        t, r.id, c.chunk.ordinal, c.chunk.text, c.chunk.start, c.chunk.end,
                        try Self.encodeJSON(c.chunk.headingPath), c.chunk.tokens, c.length,
                        c.vector == nil ? nil : doc.model, c.vector.map(Self.encodeVector),
                    ])
                    let id = db.lastInsertedRowID
                    written.append(id)
                    for (term, tf) in c.terms { try insertPosting.execute(arguments: [t, term, id, tf, c.length]) }
                    if let v = c.vector { added.append(ChunkVector(id: id, vector: v)) }
                    chunkCount += 1
                    totalLength += c.length
                }
            }
            try db.execute(
                sql:
                    "UPDATE kb_tenants SET chunk_count = chunk_count + ?, total_length = total_length + ? WHERE tenant = ?",
                arguments: [chunkCount, totalLength, t])
            return KnowledgeChange(
                previousGeneration: previous, generation: generation, removed: removed, added: added,
                model: documents.first?.model, written: written)
        }
    }

    public func documents(tenant: TenantID) async throws -> [DocumentRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM kb_documents WHERE tenant = ? ORDER BY id", arguments: [tenant.rawValue]
            )
            .map(Self.document)
        }
    }

    public func deleteDocument(_ id: String, tenant: TenantID) async throws -> KnowledgeChange? {
        let t = tenant.rawValue
        return try await pool.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM kb_documents WHERE tenant = ? AND id = ?", arguments: [t, id]) != nil
            else { return nil }
            let (previous, generation) = try Self.bumpGeneration(db, t)
            let removed = try Self.removeDocument(db, t, id)
            return KnowledgeChange(
                previousGeneration: previous, generation: generation, removed: removed, added: [], model: nil,
                written: [])
        }
    }

    public func chunks(_ ids: [Int64], tenant: TenantID) async throws -> [StoredChunk] {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            var out: [StoredChunk] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let batch = Array(ids[start..<min(ids.count, start + 500)])
                let marks = Array(repeating: "?", count: batch.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT c.*, d.source, d.title FROM kb_chunks c
                        JOIN kb_documents d ON d.tenant = c.tenant AND d.id = c.document
                        WHERE c.tenant = ? AND c.id IN (\(marks))
                        """,
                    arguments: StatementArguments(
                        [(any DatabaseValueConvertible)?](arrayLiteral: tenant.rawValue) + batch))
                for row in rows {
                    let path = try JSONDecoder().decode([String].self, from: Data((row["heading_path"] as String).utf8))
                    let chunk = Chunk(
                        ordinal: row["ordinal"], text: row["text"], start: row["start"], end: row["end"],
                        headingPath: path, tokens: row["tokens"])
                    out.append(
                        StoredChunk(
                            id: row["id"], document: row["document"], source: row["source"], title: row["title"],
                            chunk: chunk))
                }
            }
            return out
        }
    }

    public func postings(for terms: Set<String>, tenant: TenantID) async throws -> KeywordPostings {
        try await pool.read { db in
            let stats = try Row.fetchOne(
                db, sql: "SELECT chunk_count, total_length FROM kb_tenants WHERE tenant = ?",
                arguments: [tenant.rawValue])
            var lists: [String: [KeywordPostings.Posting]] = [:]
            let statement = try db.makeStatement(
                sql: "SELECT chunk, tf, length FROM kb_postings WHERE tenant = ? AND term = ? ORDER BY chunk")
            for term in terms {
                let rows = try Row.fetchCursor(statement, arguments: [tenant.rawValue, term])
                var list: [KeywordPostings.Posting] = []
                while let row = try rows.next() {
                    list.append(.init(chunk: row[0], tf: row[1], length: row[2]))
                }
                if !list.isEmpty { lists[term] = list }
            }
            return KeywordPostings(
                chunkCount: stats?["chunk_count"] ?? 0, totalLength: stats?["total_length"] ?? 0, lists: lists)
        }
    }

    public func chunkIDs(matching filter: SearchFilter, tenant: TenantID) async throws -> Set<Int64> {
        var conditions: [String] = []
        var arguments: [String] = [tenant.rawValue]
        for (key, value) in filter.conditions.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "document": conditions.append("d.id = ?")
            case "source": conditions.append("d.source = ?")
            case "title": conditions.append("d.title = ?")
            default:
                conditions.append("json_extract(d.metadata, ?) = ?")
                arguments.append("$.\"" + key.replacingOccurrences(of: "\"", with: "") + "\"")
            }
            arguments.append(value)
        }
        let whereClause = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
        return try await pool.read { [arguments] db in
            Set(
                try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT c.id FROM kb_chunks c JOIN kb_documents d ON d.tenant = c.tenant AND d.id = c.document
                        WHERE c.tenant = ?\(whereClause)
                        """, arguments: StatementArguments(arguments)))
        }
    }

    public func vectors(model: String, tenant: TenantID) async throws -> [ChunkVector] {
        try await pool.read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, vector FROM kb_chunks WHERE tenant = ? AND model = ? ORDER BY id",
                arguments: [tenant.rawValue, model])
            var out: [ChunkVector] = []
            while let row = try rows.next() {
                out.append(ChunkVector(id: row[0], vector: Self.decodeVector(row[1])))
            }
            return out
        }
    }

    public func chunksWithoutVectors(model: String, limit: Int, tenant: TenantID) async throws -> [StoredChunk] {
        let ids = try await pool.read { db in
            try Int64.fetchAll(
                db,
                sql: "SELECT id FROM kb_chunks WHERE tenant = ? AND (model IS NULL OR model != ?) ORDER BY id LIMIT ?",
                arguments: [tenant.rawValue, model, limit])
        }
        return try await chunks(ids, tenant: tenant).sorted { $0.id < $1.id }
    }

    public func setVectors(_ vectors: [ChunkVector], model: String, tenant: TenantID) async throws -> KnowledgeChange {
        let t = tenant.rawValue
        return try await pool.write { db in
            let (previous, generation) = try Self.bumpGeneration(db, t)
            var removed: [Int64] = []
            var added: [ChunkVector] = []
            for v in vectors {
                let had = try Row.fetchOne(
                    db, sql: "SELECT vector IS NOT NULL FROM kb_chunks WHERE tenant = ? AND id = ?",
                    arguments: [t, v.id])
                guard let had else { continue }
                if had[0] as Bool { removed.append(v.id) }
                try db.execute(
                    sql: "UPDATE kb_chunks SET model = ?, vector = ? WHERE tenant = ? AND id = ?",
                    arguments: [model, Self.encodeVector(v.vector), t, v.id])
                added.append(v)
            }
            return KnowledgeChange(
                previousGeneration: previous, generation: generation, removed: removed, added: added, model: model,
                written: [])
        }
    }

    public func generation(tenant: TenantID) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT generation FROM kb_tenants WHERE tenant = ?", arguments: [tenant.rawValue])
                ?? 0
        }
    }

    public func vectorIndex(tenant: TenantID) async throws -> PersistedVectorIndex? {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT page, generation, model, data FROM kb_vector_index WHERE tenant = ? ORDER BY page",
                arguments: [tenant.rawValue])
            guard let first = rows.first else { return nil }
            let generation: Int64 = first["generation"]
            var bytes: [UInt8] = []
            for (i, row) in rows.enumerated() {
                guard row["page"] as Int == i, row["generation"] as Int64 == generation else { return nil }
                bytes.append(contentsOf: row["data"] as Data)
            }
            return PersistedVectorIndex(generation: generation, model: first["model"], bytes: bytes)
        }
    }

    public func saveVectorIndex(_ index: PersistedVectorIndex, tenant: TenantID) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM kb_vector_index WHERE tenant = ?", arguments: [tenant.rawValue])
            var page = 0
            var offset = 0
            repeat {
                let end = min(index.bytes.count, offset + Self.indexPageBytes)
                try db.execute(
                    sql: "INSERT INTO kb_vector_index (tenant, page, generation, model, data) VALUES (?, ?, ?, ?, ?)",
                    arguments: [tenant.rawValue, page, index.generation, index.model, Data(index.bytes[offset..<end])])
                page += 1
                offset = end
            } while offset < index.bytes.count
        }
    }
}
