import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// The tenant-isolated knowledge base: ingests files into a ``KnowledgeStore`` (chunks, BM25 postings, vectors)
/// and answers vector, keyword and hybrid searches with citations.
///
/// Everything is per tenant: the store's rows, the BM25 statistics and one vector index per tenant, kept in
/// memory, persisted in the store after each ingest and reloaded (or rebuilt from the stored vectors) when the
/// store's generation for the tenant moved. With no ``EmbeddingModel`` ingest stores no vectors and only keyword
/// search works; a later vector search with a model embeds the missing chunks first.
public actor KnowledgeBase {
    public let store: any KnowledgeStore
    public let embedder: (any EmbeddingModel)?
    public let options: KnowledgeOptions
    var indexes: [TenantID: TenantVectorIndex] = [:]

    /// A knowledge base over `store`.
    ///
    /// - Parameters:
    ///   - store: Where documents, chunks, postings and vectors are kept.
    ///   - embedder: The embedding model; without one only keyword search works.
    ///   - options: Chunking, index and search settings.
    public init(store: any KnowledgeStore, embedder: (any EmbeddingModel)? = nil, options: KnowledgeOptions = .init()) {
        self.store = store
        self.embedder = embedder
        self.options = options
    }

    /// Loads every path (files and directories; see ``DocumentLoader``) and ingests the documents. A loading
    /// problem throws before anything is written.
    ///
    /// - Parameters:
    ///   - paths: Files and directories.
    ///   - tenant: Whose knowledge base to write.
    ///   - progress: Called after each document.
    /// - Throws: A loader's error (before anything is written), then the store's and the embedder's errors.
    public func ingest(
        paths: [String], tenant: TenantID, progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> IngestReport {
        let documents = try DocumentLoader().load(paths: paths)
        return try await ingest(documents: documents, tenant: tenant, progress: progress)
    }

    /// Ingests loaded documents, one store transaction per source: new and changed documents are chunked,
    /// indexed and embedded; unchanged ones (same content hash) are kept as they are; documents with the content of
    /// another stored document are skipped as duplicates; documents of a source that it no longer holds are
    /// deleted. Batch-friendly: a 5 000-record .jsonl is one source, one transaction.
    ///
    /// - Parameters:
    ///   - documents: The documents.
    ///   - tenant: Whose knowledge base to write.
    ///   - progress: Called after each document.
    /// - Throws: The store's and the embedder's errors.
    public func ingest(
        documents: [LoadedDocument], tenant: TenantID, progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> IngestReport {
        var report = IngestReport()
        report.embedded = embedder != nil
        if embedder != nil { _ = try await vectorIndex(for: tenant) }
        var order: [String] = []
        var bySource: [String: [LoadedDocument]] = [:]
        for d in documents {
            if bySource[d.source] == nil { order.append(d.source) }
            bySource[d.source, default: []].append(d)
        }
        // One read of the tenant's documents: what each source holds, and every stored content hash.
        var known: [String: DocumentRecord] = [:]  // hash → a stored document
        var stored: [String: DocumentRecord] = [:]  // id → stored document
        var heldBy: [String: Set<String>] = [:]  // source → ids
        for r in try await store.documents(tenant: tenant) {
            known[r.contentHash] = known[r.contentHash] ?? r
            stored[r.id] = r
            heldBy[r.source, default: []].insert(r.id)
        }
        var done = 0
        for source in order {
            let group = bySource[source]!
            var writes: [DocumentWrite] = []
            var keeping: Set<String> = []
            var pending: [(LoadedDocument, String, [Chunk])] = []
            let ids = Set(group.map(\.id))
            for doc in group {
                let hash = doc.contentHash
                if let same = stored[doc.id], same.contentHash == hash {
                    keeping.insert(doc.id)
                    report.entries.append(
                        .init(document: doc.id, source: source, status: "unchanged", chunks: same.chunkCount))
                } else if let other = known[hash], other.id != doc.id, other.source != source || ids.contains(other.id)
                {
                    report.entries.append(
                        .init(document: doc.id, source: source, status: "duplicate", chunks: 0, duplicateOf: other.id))
                } else {
                    let chunks = options.chunker.chunks(of: doc)
                    pending.append((doc, hash, chunks))
                    known[hash] = DocumentRecord(
                        id: doc.id, source: source, title: doc.title, contentHash: hash, metadata: doc.metadata,
                        chunkCount: chunks.count, ingestedAt: Date())
                }
            }
            let existing = heldBy[source] ?? []
            // Embed the source's new chunks together, in model batches across documents.
            let texts = pending.map { doc, _, chunks in
                chunks.map { Chunk.indexedText(title: doc.title, headingPath: $0.headingPath, text: $0.text) }
            }
            let all = texts.flatMap { $0 }
            let vectors = try await embed(all) { [done] embedded in
                // Embedding dominates ingest time: report it as the share of the source's documents done.
                let share = group.count * embedded / max(1, all.count)
                progress?(IngestProgress(completed: done + share, total: documents.count, current: source))
            }
            var offset = 0
            for (n, (doc, hash, chunks)) in pending.enumerated() {
                let chunkWrites = chunks.enumerated().map { i, c in
                    let f = options.analyzer.frequencies(texts[n][i])
                    return ChunkWrite(chunk: c, terms: f.terms, length: f.length, vector: vectors?[offset + i])
                }
                offset += chunks.count
                let record = DocumentRecord(
                    id: doc.id, source: source, title: doc.title, contentHash: hash, metadata: doc.metadata,
                    chunkCount: chunks.count, ingestedAt: Date())
                writes.append(DocumentWrite(record: record, chunks: chunkWrites, model: embedder?.identifier))
                report.entries.append(
                    .init(
                        document: doc.id, source: source, status: existing.contains(doc.id) ? "updated" : "added",
                        chunks: chunks.count))
            }
            done += group.count
            report.removedDocuments += existing.subtracting(ids).count
            if !writes.isEmpty || !existing.subtracting(ids).isEmpty {
                let change = try await store.replaceSource(source, with: writes, keeping: keeping, tenant: tenant)
                apply(change, tenant: tenant)
            }
            progress?(IngestProgress(completed: done, total: documents.count, current: source))
        }
        try await persistIndex(tenant)
        return report
    }

    /// Embeds in batches of ``KnowledgeOptions/embedBatch``; nil without a model. `progress` gets the count done.
    func embed(_ texts: [String], progress: ((Int) -> Void)? = nil) async throws -> [[Float]]? {
        guard let embedder else { return nil }
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(texts.count, start + options.embedBatch)])
            let vectors = try await embedder.embed(batch)
            guard vectors.count == batch.count, vectors.allSatisfy({ $0.count == embedder.dimensions }) else {
                throw SwitchyardError(
                    code: .embeddingFailed,
                    message: "the embedding model '\(embedder.identifier)' returned \(vectors.count) vectors for "
                        + "\(batch.count) texts (or vectors of the wrong size)")
            }
            out += vectors
            start += batch.count
            progress?(start)
        }
        return out
    }

    /// The tenant's documents.
    ///
    /// - Parameter tenant: Whose documents.
    /// - Throws: The store's errors.
    public func documents(tenant: TenantID) async throws -> [DocumentRecord] {
        try await store.documents(tenant: tenant)
    }

    /// Deletes a document and its chunks; false when the tenant has none with that id.
    ///
    /// - Parameters:
    ///   - id: The document id.
    ///   - tenant: Whose document.
    /// - Throws: The store's errors.
    public func deleteDocument(_ id: String, tenant: TenantID) async throws -> Bool {
        guard let change = try await store.deleteDocument(id, tenant: tenant) else { return false }
        apply(change, tenant: tenant)
        try await persistIndex(tenant)
        return true
    }
}
