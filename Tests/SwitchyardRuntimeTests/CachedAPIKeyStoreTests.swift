import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import Testing

/// What a server's key lookups may and may not remember (``CachedAPIKeyStore``).
@Suite("API key cache")
struct CachedAPIKeyStoreTests {
    let acme = try! TenantID("acme")

    func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
        try await store.createTenant(TenantRecord(id: acme))
        return store
    }

    @Test("a key revoked through the cache is refused at once; one revoked elsewhere, once the ttl has passed")
    func revocation() async throws {
        let base = try await store()
        let cached = CachedAPIKeyStore(base, ttl: .milliseconds(200))
        let (key, record) = APIKeys.generate(tenant: acme, scopes: [.runs])
        try await cached.createAPIKey(record)
        #expect(try await APIKeys.authenticate(key, store: cached).tenant == acme)

        // Revoked by another process (here: the base store directly): the remembered record serves until the ttl.
        _ = try await base.revokeAPIKey(tenant: nil, id: record.id, now: Date())
        #expect(try await APIKeys.authenticate(key, store: cached).id == record.id)
        try await Task.sleep(for: .milliseconds(250))
        let stale = await #expect(throws: SwitchyardError.self) { try await APIKeys.authenticate(key, store: cached) }
        #expect(stale?.code == .apiKeyRevoked)

        // Revoked through the cache: refused on the very next request.
        let (second, secondRecord) = APIKeys.generate(tenant: acme, scopes: [.runs])
        try await cached.createAPIKey(secondRecord)
        _ = try await APIKeys.authenticate(second, store: cached)
        _ = try await cached.revokeAPIKey(tenant: acme, id: secondRecord.id, now: Date())
        let revoked = await #expect(throws: SwitchyardError.self) {
            try await APIKeys.authenticate(second, store: cached)
        }
        #expect(revoked?.code == .apiKeyRevoked)
    }

    @Test("expiry is judged on every request, not when the key was remembered")
    func expiry() async throws {
        let cached = CachedAPIKeyStore(try await store(), ttl: .seconds(60))
        let now = Date()
        let (key, record) = APIKeys.generate(
            tenant: acme, scopes: [.runs], expires: now.addingTimeInterval(10), now: now)
        try await cached.createAPIKey(record)
        _ = try await APIKeys.authenticate(key, store: cached, now: now)
        let expired = await #expect(throws: SwitchyardError.self) {
            try await APIKeys.authenticate(key, store: cached, now: now.addingTimeInterval(11))
        }
        #expect(expired?.code == .apiKeyExpired)
    }

    @Test("a wrong secret for a remembered id is refused; the cache holds at most its capacity")
    func wrongSecretAndCapacity() async throws {
        let cached = CachedAPIKeyStore(try await store(), capacity: 4)
        var keys: [String] = []
        for _ in 0..<6 {
            let (key, record) = APIKeys.generate(tenant: acme, scopes: [.runs])
            try await cached.createAPIKey(record)
            _ = try await APIKeys.authenticate(key, store: cached)
            keys.append(key)
        }
        let forged = String(keys[5].dropLast(4)) + "AAAA"
        let unknown = await #expect(throws: SwitchyardError.self) {
            try await APIKeys.authenticate(forged, store: cached)
        }
        #expect(unknown?.code == .invalidAPIKey)
        #expect(cached.count <= 4)
        for key in keys { #expect(try await APIKeys.authenticate(key, store: cached).tenant == acme) }
    }
}
