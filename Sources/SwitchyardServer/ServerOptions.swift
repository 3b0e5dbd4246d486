import Foundation
import SwitchyardCore

/// How the HTTP server listens and whom it serves.
public struct ServerOptions: Sendable {
    /// The header naming the tenant when no API keys are configured.
    public static let tenantHeader = "X-Switchyard-Tenant"
    /// 4 MiB: request bodies above it are refused with 413.
    public static let defaultMaxBodyBytes = 4 << 20

    /// The address to listen on (`127.0.0.1` keeps the server local; `0.0.0.0` opens it).
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// The largest request body accepted.
    public var maxBodyBytes: Int
    /// API key → tenant. When not empty, every tenant route needs a bearer key from this map and the tenant
    /// header is ignored; when empty, the tenant header names the tenant.
    public var apiKeys: [String: TenantID]
    /// Connections kept per provider host (requests beyond it wait for a free connection).
    public var upstreamConnectionsPerHost: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = ServerOptions.defaultMaxBodyBytes,
        apiKeys: [String: TenantID] = [:], upstreamConnectionsPerHost: Int = 256
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.apiKeys = apiKeys
        self.upstreamConnectionsPerHost = upstreamConnectionsPerHost
    }

    /// The API keys in `SWITCHYARD_API_KEYS` (`key=tenant,key=tenant`), none when it is unset or empty.
    public static func apiKeys(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [String: TenantID] {
        guard let text = environment["SWITCHYARD_API_KEYS"], !text.isEmpty else { return [:] }
        return try parseAPIKeys(text)
    }

    /// Parses `key=tenant,key=tenant` (the value of `SWITCHYARD_API_KEYS`); the error names the bad entry
    /// without echoing the key.
    public static func parseAPIKeys(_ text: String) throws -> [String: TenantID] {
        var keys: [String: TenantID] = [:]
        for (index, entry) in text.split(separator: ",").enumerated() {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw SwitchyardError(
                    code: .invalidAPIKeys, message: "API key entry \(index + 1) is not key=tenant")
            }
            keys[parts[0]] = try TenantID(parts[1])
        }
        return keys
    }
}
