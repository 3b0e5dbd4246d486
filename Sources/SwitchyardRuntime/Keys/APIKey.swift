import Crypto
import Foundation
import SwitchyardCore

/// What an API key may do. A key carries one or more scopes; a route names the scope it needs.
public struct APIKeyScope: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The scope's name as typed and stored (`runs`).
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// Workflows, runs, threads, approvals, artifacts, schedules, usage.
    public static let runs = APIKeyScope("runs")
    /// Documents and search in the tenant's knowledge base.
    public static let knowledge = APIKeyScope("knowledge")
    /// The OpenAI-compatible model endpoints (chat completions, embeddings, models).
    public static let models = APIKeyScope("models")
    /// Tenants and every tenant's keys, over the API (an operator's key).
    public static let admin = APIKeyScope("admin")

    /// Every scope, in the order help text lists them.
    public static let all: [APIKeyScope] = [.runs, .knowledge, .models, .admin]

    /// Parses a scope name.
    /// - Parameter text: The scope's name (`runs`, `knowledge`, `models`, `admin`).
    /// - Throws: `invalid_argument` naming the accepted scopes.
    public init(parsing text: String) throws(SwitchyardError) {
        guard let scope = Self.all.first(where: { $0.rawValue == text }) else {
            throw SwitchyardError(
                code: .invalidArgument,
                message:
                    "unknown key scope \(text.quotedExcerpt()); use \(Self.all.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = scope
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A stored API key: never the key itself, only its SHA-256 digest and what it may do.
public struct APIKeyRecord: Sendable, Hashable {
    /// The key's public id: the part of the key after `sy_` and before the secret, shown in listings.
    public var id: String
    public var tenant: TenantID
    /// A label for people (`ci`, `console`).
    public var name: String?
    public var scopes: Set<APIKeyScope>
    /// SHA-256 of the whole key.
    public var digest: [UInt8]
    public var created: Date
    /// After this the key is refused with `api_key_expired`.
    public var expires: Date?
    /// When it was revoked; a revoked key is refused with `api_key_revoked`.
    public var revoked: Date?

    /// A stored key.
    /// - Parameters:
    ///   - id: The key's public id.
    ///   - tenant: The tenant the key acts for.
    ///   - name: A label for people.
    ///   - scopes: What the key may do.
    ///   - digest: SHA-256 of the whole key.
    ///   - created: When it was made.
    ///   - expires: When it stops working, if ever.
    ///   - revoked: When it was revoked, if it was.
    public init(
        id: String, tenant: TenantID, name: String? = nil, scopes: Set<APIKeyScope>, digest: [UInt8],
        created: Date, expires: Date? = nil, revoked: Date? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.scopes = scopes
        self.digest = digest
        self.created = created
        self.expires = expires
        self.revoked = revoked
    }

    /// The key as listings show it (no digest, no secret).
    public var json: JSONValue {
        [
            "key_id": .string(id), "tenant": .string(tenant.rawValue), "name": name.map(JSONValue.string) ?? .null,
            "scopes": .array(scopes.sorted().map { .string($0.rawValue) }), "created_at": .string(created.iso8601),
            "expires_at": expires.map { .string($0.iso8601) } ?? .null,
            "revoked_at": revoked.map { .string($0.iso8601) } ?? .null,
        ]
    }
}

/// Where API keys live (``SQLiteStore`` in SwitchyardStorage).
public protocol APIKeyStore: Sendable {
    /// Saves a new key; `unknown_tenant` when its tenant does not exist.
    /// - Parameter key: The record to save.
    /// - Throws: `unknown_tenant`; the backend's errors.
    func createAPIKey(_ key: APIKeyRecord) async throws
    /// The key with this public id, or `nil`. The one lookup without a tenant: the key is how a request finds
    /// its tenant.
    /// - Parameter id: The key's public id.
    /// - Throws: The backend's errors.
    func apiKey(id: String) async throws -> APIKeyRecord?
    /// The tenant's keys (every key when `nil`), newest first.
    /// - Parameter tenant: Whose keys; nil for every tenant's.
    /// - Throws: The backend's errors.
    func apiKeys(tenant: TenantID?) async throws -> [APIKeyRecord]
    /// Marks a key of the tenant (any tenant's when `nil`) revoked; `api_key_not_found` otherwise.
    /// - Parameters:
    ///   - tenant: Whose key; nil for any tenant's (an operator).
    ///   - id: The key's public id.
    ///   - now: The revocation time.
    /// - Throws: `api_key_not_found`; the backend's errors.
    func revokeAPIKey(tenant: TenantID?, id: String, now: Date) async throws -> APIKeyRecord
    /// How many keys exist that are neither revoked nor expired at `now`.
    /// - Parameter now: The time expiry is judged at.
    /// - Throws: The backend's errors.
    func activeAPIKeyCount(now: Date) async throws -> Int
}

/// Making and checking API keys: `sy_<id>_<secret>`, 16 hex characters of public id and 256 random bits of
/// secret (base64url). Only the SHA-256 of the whole key is stored, and it is compared in constant time.
public enum APIKeys {
    /// Every key starts with this, so secret scanners and people can tell what it is.
    public static let prefix = "sy_"

    /// A new key for `tenant` and the record to store. The key is returned once and never stored.
    /// - Parameters:
    ///   - tenant: The tenant the key acts for.
    ///   - scopes: What it may do; empty means `runs`.
    ///   - name: A label for people.
    ///   - expires: When it stops working, if ever.
    ///   - now: Its creation time.
    public static func generate(
        tenant: TenantID, scopes: Set<APIKeyScope>, name: String? = nil, expires: Date? = nil, now: Date = Date()
    ) -> (key: String, record: APIKeyRecord) {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let key = prefix + id + "_" + secret
        let record = APIKeyRecord(
            id: id, tenant: tenant, name: name, scopes: scopes.isEmpty ? [.runs] : scopes, digest: digest(key),
            created: now, expires: expires)
        return (key, record)
    }

    /// The stored key a presented key belongs to, checked.
    /// - Parameters:
    ///   - key: The key as presented (`sy_<id>_<secret>`).
    ///   - store: Where the keys are stored.
    ///   - now: The time expiry is judged at.
    /// - Throws: `invalid_api_key` for a malformed or unknown key (the message never echoes it),
    ///   `api_key_revoked`, `api_key_expired`.
    public static func authenticate(
        _ key: String, store: any APIKeyStore, now: Date = Date()
    ) async throws
        -> APIKeyRecord
    {
        let unknown = SwitchyardError(code: .invalidAPIKey, message: "the API key is not known")
        guard let id = publicID(of: key), let record = try await store.apiKey(id: id),
            constantTimeEqual(record.digest, digest(key))
        else { throw unknown }
        if let revoked = record.revoked {
            throw SwitchyardError(
                code: .apiKeyRevoked,
                message: "API key \(record.id) was revoked at \(revoked.iso8601); ask an admin for a new one")
        }
        if let expires = record.expires, expires <= now {
            throw SwitchyardError(
                code: .apiKeyExpired,
                message:
                    "API key \(record.id) expired at \(expires.iso8601); create a new one with `switchyard keys create`"
            )
        }
        return record
    }

    /// The public id inside a well-formed key, or `nil`.
    static func publicID(of key: String) -> String? {
        guard key.hasPrefix(prefix) else { return nil }
        let parts = key.dropFirst(prefix.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 16, parts[0].allSatisfy(\.isHexDigit), parts[1].count == 43
        else { return nil }
        return String(parts[0])
    }

    static func digest(_ key: String) -> [UInt8] { Array(SHA256.hash(data: Data(key.utf8))) }

    /// Equal contents, in time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
