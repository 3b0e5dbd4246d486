import Foundation
import SwitchyardCore

/// How the HTTP server listens and whom it serves.
public struct ServerOptions: Sendable {
    /// The header naming the tenant in the loopback development mode (``tenantHeader``).
    public static let tenantHeader = "X-Switchyard-Tenant"
    /// 4 MiB: request bodies above it are refused with 413.
    public static let defaultMaxBodyBytes = 4 << 20

    /// The address to listen on (`127.0.0.1` keeps the server local; `0.0.0.0` opens it).
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// The largest request body accepted.
    public var maxBodyBytes: Int
    /// API key → tenant, from `SWITCHYARD_API_KEYS` (keys made with `switchyard keys create` live in the
    /// store). Such a key may use runs, knowledge and models, not admin.
    public var apiKeys: [String: TenantID]
    /// The development mode: a request without a key names its tenant in the `X-Switchyard-Tenant` header and
    /// may do everything. Only on a loopback address (``checkListen(hasKeys:)``).
    public var tenantHeader: Bool
    /// Connections kept per provider host (requests beyond it wait for a free connection).
    public var upstreamConnectionsPerHost: Int

    /// Options; the defaults listen on `127.0.0.1:8080` with no keys.
    /// - Parameters:
    ///   - host: The address to listen on.
    ///   - port: The port to listen on.
    ///   - maxBodyBytes: The largest request body accepted.
    ///   - apiKeys: API key → tenant.
    ///   - tenantHeader: The loopback development mode.
    ///   - upstreamConnectionsPerHost: Connections kept per provider host.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = ServerOptions.defaultMaxBodyBytes,
        apiKeys: [String: TenantID] = [:], tenantHeader: Bool = false, upstreamConnectionsPerHost: Int = 256
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.apiKeys = apiKeys
        self.tenantHeader = tenantHeader
        self.upstreamConnectionsPerHost = upstreamConnectionsPerHost
    }

    /// The API keys in `SWITCHYARD_API_KEYS` (`key=tenant,key=tenant`), none when it is unset or empty.
    /// - Parameter environment: The process environment.
    /// - Throws: `invalid_api_keys` for an entry that is not `key=tenant`; `invalid_tenant` for a bad tenant id.
    public static func apiKeys(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [String: TenantID] {
        guard let text = environment["SWITCHYARD_API_KEYS"], !text.isEmpty else { return [:] }
        return try parseAPIKeys(text)
    }

    /// Parses `key=tenant,key=tenant` (the value of `SWITCHYARD_API_KEYS`); the error names the bad entry
    /// without echoing the key.
    /// - Parameter text: `key=tenant` entries, comma-separated.
    /// - Throws: `invalid_api_keys` for an entry that is not `key=tenant`; `invalid_tenant` for a bad tenant id.
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

    /// Whether `host` is a loopback address (`127.0.0.1`, `::1`, `localhost`).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Refuses settings that would open tenants' data to the network.
    /// - Parameter hasKeys: whether any API key exists (in the store or the environment).
    /// - Throws: `unsafe_listen` for the tenant header on a non-loopback address, or a non-loopback address with
    ///   no key at all.
    public func checkListen(hasKeys: Bool) throws {
        guard !isLoopback else { return }
        if tenantHeader {
            throw SwitchyardError(
                code: .unsafeListen,
                message: "--dev-tenant-header lets anyone act as any tenant: use it only with --host 127.0.0.1")
        }
        if !hasKeys {
            throw SwitchyardError(
                code: .unsafeListen,
                message: "no API key exists, so nobody could use a server on \(host); create one with `switchyard keys "
                    + "create --tenant NAME` first, or listen on 127.0.0.1")
        }
    }
}
