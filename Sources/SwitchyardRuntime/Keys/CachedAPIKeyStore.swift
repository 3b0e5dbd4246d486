import Foundation
import Synchronization
import SwitchyardCore

/// An ``APIKeyStore`` that remembers the keys it looked up for a short time, so a server does not read its store
/// once per request to learn who is calling.
///
/// A key created or revoked through this store is seen at once; one revoked by another process on the same data
/// (the CLI's `keys revoke`) is refused within ``ttl``. Expiry is checked by ``APIKeys/authenticate(_:store:now:)``
/// on every request, against the remembered record, so an expired key is refused on time. Unknown ids are not
/// remembered (a newly created key works at once from any process). At most ``capacity`` keys are held; when
/// full, the oldest half is forgotten.
public final class CachedAPIKeyStore: APIKeyStore {
    private struct Entry {
        var record: APIKeyRecord
        var fetched: ContinuousClock.Instant
    }

    public let base: any APIKeyStore
    public let ttl: Duration
    public let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    /// - Parameters:
    ///   - base: The store that holds the keys.
    ///   - ttl: How long a looked-up key is used without reading `base` again.
    ///   - capacity: How many keys are held at most.
    public init(_ base: any APIKeyStore, ttl: Duration = .seconds(1), capacity: Int = 10_000) {
        self.base = base
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// Saves `key` in the base store.
    /// - Parameter key: The new key's record.
    /// - Throws: What the base store throws (`unknown_tenant`).
    public func createAPIKey(_ key: APIKeyRecord) async throws {
        try await base.createAPIKey(key)
        forget(key.id)
    }

    /// The key with this public id: the remembered record when it was read less than ``ttl`` ago.
    /// - Parameter id: The key's public id.
    /// - Returns: The record, or `nil` when the base store has no such key.
    /// - Throws: What the base store throws when it is read.
    public func apiKey(id: String) async throws -> APIKeyRecord? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[id] }), entry.fetched.duration(to: now) < ttl { return entry.record }
        guard let record = try await base.apiKey(id: id) else {
            forget(id)
            return nil
        }
        entries.withLock { entries in
            if entries.count >= capacity, entries[id] == nil {
                let oldest = entries.sorted { $0.value.fetched < $1.value.fetched }.prefix(entries.count / 2 + 1)
                for (key, _) in oldest { entries[key] = nil }
            }
            entries[id] = Entry(record: record, fetched: now)
        }
        return record
    }

    /// The tenant's keys, read from the base store.
    /// - Parameter tenant: Whose keys; `nil` for every tenant's.
    /// - Returns: The keys, newest first.
    /// - Throws: What the base store throws.
    public func apiKeys(tenant: TenantID?) async throws -> [APIKeyRecord] {
        try await base.apiKeys(tenant: tenant)
    }

    /// Revokes the key in the base store and forgets it here, so its next use is refused.
    /// - Parameters:
    ///   - tenant: Whose key it must be; `nil` for any tenant's.
    ///   - id: The key's public id.
    ///   - now: The revocation time recorded.
    /// - Returns: The revoked key's record.
    /// - Throws: `api_key_not_found` when the tenant has no such key; what the base store throws.
    public func revokeAPIKey(tenant: TenantID?, id: String, now: Date) async throws -> APIKeyRecord {
        defer { forget(id) }
        return try await base.revokeAPIKey(tenant: tenant, id: id, now: now)
    }

    /// How many keys are neither revoked nor expired at `now`, read from the base store.
    /// - Parameter now: The time expiry is judged at.
    /// - Returns: The count.
    /// - Throws: What the base store throws.
    public func activeAPIKeyCount(now: Date) async throws -> Int {
        try await base.activeAPIKeyCount(now: now)
    }

    /// How many keys are remembered now.
    public var count: Int { entries.withLock { $0.count } }

    private func forget(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
