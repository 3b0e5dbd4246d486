import SwitchyardCore

/// A ``KnowledgeStore`` in memory: for tests and for callers that need no persistence.
public actor InMemoryKnowledgeStore: KnowledgeStore {
    struct Row {
        var stored: StoredChunk
        var terms: [String: Int]
        var length: Int
        var vector: [Float]?
        var model: String?
    }

    struct Tenant {
        var documents: [String: DocumentRecord] = [:]
        var chunksOf: [String: [Int64]] = [:]
        var rows: [Int64: Row] = [:]
        var postings: [String: [Int64: Int]] = [:]
        var totalLength = 0
        var generation: Int64 = 0
        var index: PersistedVectorIndex?
    }

    var tenants: [TenantID: Tenant] = [:]
    var nextID: Int64 = 1

    public init() {}

    public func replaceSource(
        _ source: String, with documents: [DocumentWrite], keeping: Set<String>, tenant: TenantID
    ) -> KnowledgeChange {
        var t = tenants[tenant] ?? Tenant()
        let previous = t.generation
        var removed: [Int64] = []
        let writing = Set(documents.map(\.record.id))
        for (id, doc) in t.documents where doc.source == source && !keeping.contains(id) && !writing.contains(id) {
            removed += remove(id, from: &t)
        }
        for id in writing where t.documents[id] != nil { removed += remove(id, from: &t) }
        var added: [ChunkVector] = []
        var written: [Int64] = []
        for doc in documents {
            var record = doc.record
            record.chunkCount = doc.chunks.count
            t.documents[record.id] = record
            var ids: [Int64] = []
            for c in doc.chunks {
                let id = nextID
                nextID += 1
                ids.append(id)
                written.append(id)
                let stored = StoredChunk(
                    id: id, document: record.id, source: record.source, title: record.title, chunk: c.chunk)
                t.rows[id] = Row(
                    stored: stored, terms: c.terms, length: c.length, vector: c.vector,
                    model: c.vector == nil ? nil : doc.model)
                for (term, tf) in c.terms { t.postings[term, default: [:]][id] = tf }
                t.totalLength += c.length
                if let v = c.vector { added.append(ChunkVector(id: id, vector: v)) }
            }
            t.chunksOf[record.id] = ids
        }
        t.generation += 1
        tenants[tenant] = t
        return KnowledgeChange(
            previousGeneration: previous, generation: t.generation, removed: removed, added: added,
            model: documents.first?.model, written: written)
    }

    private func remove(_ id: String, from t: inout Tenant) -> [Int64] {
        let ids = t.chunksOf.removeValue(forKey: id) ?? []
        t.documents[id] = nil
        for c in ids {
            guard let row = t.rows.removeValue(forKey: c) else { continue }
            for term in row.terms.keys {
                t.postings[term]?[c] = nil
                if t.postings[term]?.isEmpty == true { t.postings[term] = nil }
            }
            t.totalLength -= row.length
        }
        return ids
    }

    public func documents(tenant: TenantID) -> [DocumentRecord] {
        (tenants[tenant]?.documents.values).map { $0.sorted { $0.id < $1.id } } ?? []
    }

    public func deleteDocument(_ id: String, tenant: TenantID) -> KnowledgeChange? {
        guard var t = tenants[tenant], t.documents[id] != nil else { return nil }
        let previous = t.generation
        let removed = remove(id, from: &t)
        t.generation += 1
        tenants[tenant] = t
        return KnowledgeChange(
            previousGeneration: previous, generation: t.generation, removed: removed, added: [], model: nil,
            written: [])
    }

    public func chunks(_ ids: [Int64], tenant: TenantID) -> [StoredChunk] {
        guard let t = tenants[tenant] else { return [] }
        return ids.compactMap { t.rows[$0]?.stored }
    }

    public func postings(for terms: Set<String>, tenant: TenantID) -> KeywordPostings {
        guard let t = tenants[tenant] else { return KeywordPostings(chunkCount: 0, totalLength: 0, lists: [:]) }
        var lists: [String: [KeywordPostings.Posting]] = [:]
        for term in terms {
            guard let list = t.postings[term] else { continue }
            lists[term] = list.sorted { $0.key < $1.key }.map { id, tf in
                KeywordPostings.Posting(chunk: id, tf: Int32(tf), length: Int32(t.rows[id]?.length ?? 0))
            }
        }
        return KeywordPostings(chunkCount: t.rows.count, totalLength: t.totalLength, lists: lists)
    }

    public func chunkIDs(matching filter: SearchFilter, tenant: TenantID) -> Set<Int64> {
        guard let t = tenants[tenant] else { return [] }
        var ids: Set<Int64> = []
        for (id, doc) in t.documents
        where filter.matches(id: doc.id, source: doc.source, title: doc.title, metadata: doc.metadata) {
            ids.formUnion(t.chunksOf[id] ?? [])
        }
        return ids
    }

    public func vectors(model: String, tenant: TenantID) -> [ChunkVector] {
        guard let t = tenants[tenant] else { return [] }
        return t.rows.compactMap { id, row in
            row.model == model ? row.vector.map { ChunkVector(id: id, vector: $0) } : nil
        }.sorted { $0.id < $1.id }
    }

    public func chunksWithoutVectors(model: String, limit: Int, tenant: TenantID) -> [StoredChunk] {
        guard let t = tenants[tenant] else { return [] }
        return t.rows.filter { $0.value.model != model }.keys.sorted().prefix(limit).compactMap { t.rows[$0]?.stored }
    }

    public func setVectors(_ vectors: [ChunkVector], model: String, tenant: TenantID) -> KnowledgeChange {
        var t = tenants[tenant] ?? Tenant()
        let previous = t.generation
        var removed: [Int64] = []
        var added: [ChunkVector] = []
        for v in vectors where t.rows[v.id] != nil {
            if t.rows[v.id]?.vector != nil { removed.append(v.id) }
            t.rows[v.id]?.vector = v.vector
            t.rows[v.id]?.model = model
            added.append(v)
        }
        t.generation += 1
        tenants[tenant] = t
        return KnowledgeChange(
            previousGeneration: previous, generation: t.generation, removed: removed, added: added, model: model,
            written: [])
    }

    public func generation(tenant: TenantID) -> Int64 { tenants[tenant]?.generation ?? 0 }

    public func vectorIndex(tenant: TenantID) -> PersistedVectorIndex? { tenants[tenant]?.index }

    public func saveVectorIndex(_ index: PersistedVectorIndex, tenant: TenantID) {
        tenants[tenant, default: Tenant()].index = index
    }
}
