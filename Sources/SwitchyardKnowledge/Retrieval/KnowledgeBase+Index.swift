import SwitchyardCore

extension KnowledgeBase {
    /// The tenant's vector index at the store's current generation: the cached one, else the persisted one, else
    /// rebuilt from the stored vectors (and persisted).
    func vectorIndex(for tenant: TenantID) async throws -> TenantVectorIndex {
        guard let embedder else {
            throw SwitchyardError(code: .embedderUnavailable, message: "no embedding model is configured")
        }
        let generation = try await store.generation(tenant: tenant)
        if let cached = indexes[tenant], cached.generation == generation, cached.model == embedder.identifier {
            return cached
        }
        if let persisted = try await store.vectorIndex(tenant: tenant), persisted.generation == generation,
            persisted.model == embedder.identifier,
            let loaded = try? TenantVectorIndex(
                serialized: persisted.bytes, model: persisted.model, generation: generation,
                exactBelow: options.exactSearchBelow)
        {
            indexes[tenant] = loaded
            return loaded
        }
        let index = TenantVectorIndex(
            model: embedder.identifier, dimensions: embedder.dimensions, parameters: options.hnsw,
            exactBelow: options.exactSearchBelow, generation: generation)
        for v in try await store.vectors(model: embedder.identifier, tenant: tenant) { try index.add(v.id, v.vector) }
        indexes[tenant] = index
        try await store.saveVectorIndex(
            PersistedVectorIndex(generation: generation, model: index.model, bytes: index.serialized()), tenant: tenant)
        return index
    }

    /// Follows a store change in the cached index when the cache was current before it; drops the cache otherwise
    /// (the next search reloads).
    func apply(_ change: KnowledgeChange, tenant: TenantID) {
        guard let index = indexes[tenant] else { return }
        guard index.generation == change.previousGeneration, change.model == nil || change.model == index.model else {
            indexes[tenant] = nil
            return
        }
        for id in change.removed { index.remove(id) }
        do {
            for v in change.added { try index.add(v.id, v.vector) }
        } catch {
            indexes[tenant] = nil
            return
        }
        index.compactIfNeeded()
        index.generation = change.generation
    }

    /// Saves the cached index when it is current.
    func persistIndex(_ tenant: TenantID) async throws {
        guard let index = indexes[tenant] else { return }
        guard try await store.generation(tenant: tenant) == index.generation else {
            indexes[tenant] = nil
            return
        }
        try await store.saveVectorIndex(
            PersistedVectorIndex(generation: index.generation, model: index.model, bytes: index.serialized()),
            tenant: tenant)
    }

    /// Embeds chunks stored without a vector of the current model (ingested before a model was configured).
    func backfillVectors(tenant: TenantID) async throws {
        guard let embedder else { return }
        var changed = false
        while true {
            let missing = try await store.chunksWithoutVectors(model: embedder.identifier, limit: 256, tenant: tenant)
            guard !missing.isEmpty, let vectors = try await embed(missing.map(\.indexedText)) else { break }
            let change = try await store.setVectors(
                zip(missing, vectors).map { ChunkVector(id: $0.id, vector: $1) }, model: embedder.identifier,
                tenant: tenant)
            apply(change, tenant: tenant)
            changed = true
        }
        if changed { try await persistIndex(tenant) }
    }
}
