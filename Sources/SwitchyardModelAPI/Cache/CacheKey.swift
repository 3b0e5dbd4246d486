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

    /// The key of `request` for `tenant`.
    ///
    /// - Parameters:
    ///   - tenant: Whose entry it is (part of the key).
    ///   - request: The request; everything in it but `cacheable` counts.
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

extension CacheKey {
    /// What must be equal for a semantic match: everything the request asks except its messages (model or
    /// route, tools, tool choice, schema, every sampling parameter, task), as canonical JSON.
    ///
    /// - Parameter request: The request.
    public static func semanticFingerprint(_ request: ChatRequest) -> String {
        var normalized = request
        normalized.messages = []
        normalized.cacheable = nil
        let body = (try? JSONCoding.encoder.encode(normalized)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "v1|\(body)"
    }
}
