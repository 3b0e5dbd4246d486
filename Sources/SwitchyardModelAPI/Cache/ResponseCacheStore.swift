import Foundation
import SwitchyardCore

/// Where the gateway's cached responses live: an exact tier keyed by ``CacheKey`` and a semantic tier of
/// embedded conversations. Every method takes the tenant, and an implementation must never return one tenant's
/// entries to another (the conformance suite in SwitchyardStorageTests checks it).
public protocol ResponseCacheStore: Sendable {
    /// The tenant's unexpired exact entry for `key` (its full text compared, so a digest collision is no hit).
    func lookup(tenant: TenantID, key: CacheKey, now: Date) async throws -> ChatResponse?
    /// Stores (or replaces) the tenant's exact entry for `key`, grounded on `documents`.
    func store(tenant: TenantID, key: CacheKey, response: ChatResponse, expires: Date, documents: [String]) async throws
    /// Adds an entry to the tenant's semantic tier.
    func storeSemantic(tenant: TenantID, entry: SemanticCacheEntry) async throws
    /// The tenant's unexpired semantic entries with `fingerprint`, newest first, at most `limit`.
    func semanticCandidates(
        tenant: TenantID, fingerprint: String, now: Date, limit: Int
    ) async throws
        -> [SemanticCacheEntry]
    /// Drops the tenant's entries (both tiers) grounded on any of `documents`; returns how many.
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
