import Foundation
import SwitchyardModelAPI
import Synchronization
import SwitchyardCore

/// An in-memory ``ResponseCacheStore`` (the SQLite one lives in SwitchyardStorage): entries kept per tenant.
public final class InMemoryResponseCache: ResponseCacheStore {
    struct Entry {
        var key: String
        var response: ChatResponse
        var expires: Date
        var documents: Set<String>
    }

    struct Tenant {
        var exact: [UInt64: Entry] = [:]
        var semantic: [SemanticCacheEntry] = []
    }

    private let tenants = Mutex<[TenantID: Tenant]>([:])

    public init() {}

    public func lookup(tenant: TenantID, key: CacheKey, now: Date) async throws -> ChatResponse? {
        tenants.withLock { all in
            guard let e = all[tenant]?.exact[key.digest], e.key == key.text, e.expires > now else { return nil }
            return e.response
        }
    }

    public func store(
        tenant: TenantID, key: CacheKey, response: ChatResponse, expires: Date, documents: [String]
    ) async throws {
        tenants.withLock {
            $0[tenant, default: Tenant()].exact[key.digest] = Entry(
                key: key.text, response: response, expires: expires, documents: Set(documents))
        }
    }

    public func storeSemantic(tenant: TenantID, entry: SemanticCacheEntry) async throws {
        tenants.withLock { $0[tenant, default: Tenant()].semantic.append(entry) }
    }

    public func semanticCandidates(
        tenant: TenantID, fingerprint: String, now: Date, limit: Int
    ) async throws
        -> [SemanticCacheEntry]
    {
        tenants.withLock { all in
            Array(
                (all[tenant]?.semantic ?? []).reversed().lazy.filter {
                    $0.fingerprint == fingerprint && $0.expires > now
                }
                .prefix(limit))
        }
    }

    public func invalidate(tenant: TenantID, documents: [String]) async throws -> Int {
        let docs = Set(documents)
        return tenants.withLock { all in
            guard var t = all[tenant] else { return 0 }
            let before = t.exact.count + t.semantic.count
            t.exact = t.exact.filter { $0.value.documents.isDisjoint(with: docs) }
            t.semantic.removeAll { !docs.isDisjoint(with: $0.documents) }
            all[tenant] = t
            return before - t.exact.count - t.semantic.count
        }
    }
}
