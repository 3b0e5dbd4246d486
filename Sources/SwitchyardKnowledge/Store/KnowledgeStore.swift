import SwitchyardCore

/// The storage the knowledge base needs, implemented by the SQLite backend (SwitchyardStorage) and by
/// ``InMemoryKnowledgeStore``. Every method takes a non-optional `TenantID` and touches that tenant's rows only:
/// isolation is a property of the API, not of the callers.
///
/// Every change bumps the tenant's generation (a counter); the knowledge base keys its in-memory vector index
/// by it, so a change by another process is noticed and the index reloaded.
public protocol KnowledgeStore: Sendable {
    /// Replaces the documents of `source` in one transaction: `documents` are written (replacing the chunks of
    /// documents with the same id), every other document of `source` whose id is not in `keeping` is deleted.
    ///
    /// - Parameters:
    ///   - source: The source being (re-)ingested.
    ///   - documents: Documents to write, with their chunks.
    ///   - keeping: Ids of the source's documents to keep as they are.
    ///   - tenant: Whose documents.
    /// - Throws: The backend's errors.
    func replaceSource(
        _ source: String, with documents: [DocumentWrite], keeping: Set<String>, tenant: TenantID
    )
        async throws -> KnowledgeChange
    /// The tenant's documents, ordered by id.
    ///
    /// - Parameter tenant: Whose documents.
    /// - Throws: The backend's errors.
    func documents(tenant: TenantID) async throws -> [DocumentRecord]
    /// Deletes a document and its chunks; nil when the tenant has no such document.
    ///
    /// - Parameters:
    ///   - id: The document id.
    ///   - tenant: Whose document.
    /// - Throws: The backend's errors.
    func deleteDocument(_ id: String, tenant: TenantID) async throws -> KnowledgeChange?
    /// The chunks with these ids that belong to the tenant (others are skipped), in any order.
    ///
    /// - Parameters:
    ///   - ids: Chunk ids.
    ///   - tenant: Whose chunks.
    /// - Throws: The backend's errors.
    func chunks(_ ids: [Int64], tenant: TenantID) async throws -> [StoredChunk]
    /// The tenant's BM25 statistics and the postings of `terms`.
    ///
    /// - Parameters:
    ///   - terms: The query's terms.
    ///   - tenant: Whose statistics and postings.
    /// - Throws: The backend's errors.
    func postings(for terms: Set<String>, tenant: TenantID) async throws -> KeywordPostings
    /// Ids of the tenant's chunks whose document matches `filter`.
    ///
    /// - Parameters:
    ///   - filter: The conditions.
    ///   - tenant: Whose chunks.
    /// - Throws: The backend's errors.
    func chunkIDs(matching filter: SearchFilter, tenant: TenantID) async throws -> Set<Int64>
    /// Every chunk vector of `model`, ordered by chunk id.
    ///
    /// - Parameters:
    ///   - model: The embedding model.
    ///   - tenant: Whose vectors.
    /// - Throws: The backend's errors.
    func vectors(model: String, tenant: TenantID) async throws -> [ChunkVector]
    /// Up to `limit` chunks with no vector of `model` (ordered by id), for backfilling.
    ///
    /// - Parameters:
    ///   - model: The embedding model.
    ///   - limit: The most chunks to return.
    ///   - tenant: Whose chunks.
    /// - Throws: The backend's errors.
    func chunksWithoutVectors(model: String, limit: Int, tenant: TenantID) async throws -> [StoredChunk]
    /// Sets chunk vectors of `model` (replacing any of another model).
    ///
    /// - Parameters:
    ///   - vectors: The chunks' vectors.
    ///   - model: The model that computed them.
    ///   - tenant: Whose chunks.
    /// - Throws: The backend's errors.
    func setVectors(_ vectors: [ChunkVector], model: String, tenant: TenantID) async throws -> KnowledgeChange
    /// The tenant's change counter (0 before any change).
    ///
    /// - Parameter tenant: Whose counter.
    /// - Throws: The backend's errors.
    func generation(tenant: TenantID) async throws -> Int64
    /// The persisted vector index, if any.
    ///
    /// - Parameter tenant: Whose index.
    /// - Throws: The backend's errors.
    func vectorIndex(tenant: TenantID) async throws -> PersistedVectorIndex?
    /// Persists the vector index (replacing the previous one).
    ///
    /// - Parameters:
    ///   - index: The serialized index.
    ///   - tenant: Whose index.
    /// - Throws: The backend's errors.
    func saveVectorIndex(_ index: PersistedVectorIndex, tenant: TenantID) async throws
}

/// A document to write, with its chunks.
public struct DocumentWrite: Sendable {
    public var record: DocumentRecord
    public var chunks: [ChunkWrite]
    /// The model of the chunks' vectors (nil when written without vectors).
    public var model: String?

    /// A document write.
    ///
    /// - Parameters:
    ///   - record: The document.
    ///   - chunks: Its chunks.
    ///   - model: The model of the chunks' vectors, or nil.
    public init(record: DocumentRecord, chunks: [ChunkWrite], model: String?) {
        self.record = record
        self.chunks = chunks
        self.model = model
    }
}

/// A chunk to write: its text and span, its BM25 terms, and its vector when one was computed.
public struct ChunkWrite: Sendable {
    public var chunk: Chunk
    /// Term frequencies of the chunk's indexed text.
    public var terms: [String: Int]
    /// The chunk's length in terms.
    public var length: Int
    public var vector: [Float]?

    /// A chunk write.
    ///
    /// - Parameters:
    ///   - chunk: The chunk.
    ///   - terms: Term frequencies of its indexed text.
    ///   - length: Its length in terms.
    ///   - vector: Its vector, when one was computed.
    public init(chunk: Chunk, terms: [String: Int], length: Int, vector: [Float]?) {
        self.chunk = chunk
        self.terms = terms
        self.length = length
        self.vector = vector
    }
}

/// A chunk's vector.
public struct ChunkVector: Sendable, Hashable {
    public var id: Int64
    public var vector: [Float]

    /// A vector.
    ///
    /// - Parameters:
    ///   - id: The chunk's id.
    ///   - vector: Its unit-length vector.
    public init(id: Int64, vector: [Float]) {
        self.id = id
        self.vector = vector
    }
}

/// What a write changed, so the in-memory vector index can follow without a reload.
public struct KnowledgeChange: Sendable {
    /// The tenant's generation before and after the write.
    public var previousGeneration: Int64
    public var generation: Int64
    /// Chunks that no longer exist (or whose vectors were replaced).
    public var removed: [Int64]
    /// New vectors (of ``model``).
    public var added: [ChunkVector]
    public var model: String?
    /// Ids of all chunks written.
    public var written: [Int64]

    /// A change.
    ///
    /// - Parameters:
    ///   - previousGeneration: The tenant's generation before the write.
    ///   - generation: After it.
    ///   - removed: Chunks that no longer exist, or whose vectors were replaced.
    ///   - added: New vectors.
    ///   - model: Their model.
    ///   - written: Ids of all chunks written.
    public init(
        previousGeneration: Int64, generation: Int64, removed: [Int64], added: [ChunkVector], model: String?,
        written: [Int64]
    ) {
        self.previousGeneration = previousGeneration
        self.generation = generation
        self.removed = removed
        self.added = added
        self.model = model
        self.written = written
    }
}

/// A serialized vector index as the store keeps it.
public struct PersistedVectorIndex: Sendable {
    /// The tenant generation the index reflects.
    public var generation: Int64
    public var model: String
    public var bytes: [UInt8]

    /// A persisted index.
    ///
    /// - Parameters:
    ///   - generation: The tenant generation it reflects.
    ///   - model: The embedding model of its vectors.
    ///   - bytes: HNSWIndex/serialized()'s output, with the chunk ids.
    public init(generation: Int64, model: String, bytes: [UInt8]) {
        self.generation = generation
        self.model = model
        self.bytes = bytes
    }
}
