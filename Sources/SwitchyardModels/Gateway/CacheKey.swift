import Foundation
import Synchronization
import SwitchyardCore

/// The exact-cache identity of a request: tenant, the model or route asked for, every message, tools, tool
/// choice, schema and sampling parameter — as canonical JSON (sorted keys), so equal requests give equal keys
/// and requests that differ anywhere never share an entry. The tenant is part of the key by construction.
public struct CacheKey: Sendable, Hashable {
    /// The canonical text; stored with the entry and compared on lookup, so a hash collision is never a hit.
    public let text: String
    /// A 64-bit FNV-1a digest of `text`, for indexing.
    public let digest: UInt64

    public init(tenant: TenantID, request: ChatRequest) {
        var normalized = request
        normalized.cacheable = nil  // how to cache is not what is asked
        let body = (try? JSONCoding.encoder.encode(normalized)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        text = "v1|\(tenant.rawValue)|\(body)"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        digest = hash
    }
}

/// Where cached responses live; per tenant, never shared.
public protocol ResponseCacheStore: Sendable {
    func lookup(tenant: TenantID, key: CacheKey, now: Date) async throws -> ChatResponse?
    func store(tenant: TenantID, key: CacheKey, response: ChatResponse, expires: Date, documents: [String]) async throws
    /// Drops the tenant's entries grounded on any of `documents`; returns how many.
    func invalidate(tenant: TenantID, documents: [String]) async throws -> Int
}

/// An in-memory ``ResponseCacheStore`` (the SQLite one lives in SwitchyardStorage).
public final class InMemoryResponseCache: ResponseCacheStore {
    struct Entry {
        var key: String
        var response: ChatResponse
        var expires: Date
        var documents: Set<String>
    }

    private let entries = Mutex<[String: [UInt64: Entry]]>([:])

    public init() {}

    public func lookup(tenant: TenantID, key: CacheKey, now: Date) async throws -> ChatResponse? {
        entries.withLock { all in
            guard let e = all[tenant.rawValue]?[key.digest], e.key == key.text, e.expires > now else { return nil }
            return e.response
        }
    }

    public func store(
        tenant: TenantID, key: CacheKey, response: ChatResponse, expires: Date, documents: [String]
    )
        async throws
    {
        entries.withLock {
            $0[tenant.rawValue, default: [:]][key.digest] = Entry(
                key: key.text, response: response, expires: expires, documents: Set(documents))
        }
    }

    public func invalidate(tenant: TenantID, documents: [String]) async throws -> Int {
        let docs = Set(documents)
        return entries.withLock { all in
            let before = all[tenant.rawValue]?.count ?? 0
            all[tenant.rawValue] = all[tenant.rawValue]?.filter { $0.value.documents.isDisjoint(with: docs) }
            return before - (all[tenant.rawValue]?.count ?? 0)
        }
    }
}
