import Foundation
import SwitchyardCore

/// Where the gateway's cached responses live: an exact tier keyed by ``CacheKey`` and a semantic tier of
/// embedded conversations. Every method takes the tenant, and an implementation must never return one tenant's
/// entries to another (the conformance suite in SwitchyardStorageTests checks it).
public protocol ResponseCacheStore: Sendable {
    /// The tenant's unexpired exact entry for `key` (its full text compared, so a digest collision is no hit).
    ///
    /// - Parameters:
    ///   - tenant: Whose cache to read.
    ///   - key: The request's key.
    ///   - now: Entries that expired by then do not count.
    /// - Throws: What the store's backend throws.
    func lookup(tenant: TenantID, key: CacheKey, now: Date) async throws -> ChatResponse?
    /// Stores (or replaces) the tenant's exact entry for `key`, grounded on `documents`.
    ///
    /// - Parameters:
    ///   - tenant: Whose cache to write.
    ///   - key: The request's key.
    ///   - response: The answer to return on a hit.
    ///   - expires: When the entry stops counting.
    ///   - documents: Ids of the documents the answer was grounded on, for ``invalidate(tenant:documents:)``.
    /// - Throws: What the store's backend throws.
    func store(tenant: TenantID, key: CacheKey, response: ChatResponse, expires: Date, documents: [String]) async throws
    /// Adds an entry to the tenant's semantic tier.
    ///
    /// - Parameters:
    ///   - tenant: Whose cache to write.
    ///   - entry: The answer, its conversation's text and vector, fingerprint and documents.
    /// - Throws: What the store's backend throws.
    func storeSemantic(tenant: TenantID, entry: SemanticCacheEntry) async throws
    /// The tenant's unexpired semantic entries with `fingerprint`, newest first, at most `limit`.
    ///
    /// - Parameters:
    ///   - tenant: Whose cache to read.
    ///   - fingerprint: The request's ``CacheKey/semanticFingerprint(_:)``.
    ///   - now: Entries that expired by then are left out.
    ///   - limit: The most entries to return.
    /// - Throws: What the store's backend throws.
    func semanticCandidates(
        tenant: TenantID, fingerprint: String, now: Date, limit: Int
    ) async throws
        -> [SemanticCacheEntry]
    /// Drops the tenant's entries (both tiers) grounded on any of `documents`; returns how many.
    ///
    /// - Parameters:
    ///   - tenant: Whose cache to change; other tenants' entries stay, even on the same document ids.
    ///   - documents: Ids of the documents that changed.
    /// - Throws: What the store's backend throws.
    func invalidate(tenant: TenantID, documents: [String]) async throws -> Int
}

/// One answer in the semantic tier: the conversation it answered (text and unit vector), the request's
/// ``CacheKey/semanticFingerprint(_:)``, and the documents it was grounded on.
public struct SemanticCacheEntry: Sendable, Hashable {
    public var fingerprint: String
    /// The conversation as `SemanticCache.conversationText(_:)` (SwitchyardModels) writes it (the guard compares it).
    public var text: String
    /// Its embedding (unit length).
    public var vector: [Float]
    /// Which embedding model made `vector`; entries of other models are never compared.
    public var embeddingModel: String
    public var response: ChatResponse
    public var created: Date
    public var expires: Date
    public var documents: [String]

    /// An entry of the semantic tier.
    ///
    /// - Parameters:
    ///   - fingerprint: The request's ``CacheKey/semanticFingerprint(_:)``.
    ///   - text: The conversation's text, as embedded.
    ///   - vector: Its unit-length embedding.
    ///   - embeddingModel: The model that embedded it (vectors of other models do not compare).
    ///   - response: The answer to return on a hit.
    ///   - created: When it was stored.
    ///   - expires: When it stops counting.
    ///   - documents: Ids of the documents the answer was grounded on.
    public init(
        fingerprint: String, text: String, vector: [Float], embeddingModel: String, response: ChatResponse,
        created: Date, expires: Date, documents: [String]
    ) {
        self.fingerprint = fingerprint
        self.text = text
        self.vector = vector
        self.embeddingModel = embeddingModel
        self.response = response
        self.created = created
        self.expires = expires
        self.documents = documents
    }
}
