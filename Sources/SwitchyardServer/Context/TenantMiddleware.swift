import HTTPTypes
import Logging
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// Finds the caller of a request. An `Authorization: Bearer sy_…` key (or the same key in `x-api-key`, as
/// LangGraph's SDK sends it) is checked against the key store (revoked
/// and expired keys get 401 with their own codes); a key from `SWITCHYARD_API_KEYS` (``ServerOptions/apiKeys``)
/// names its tenant too. The `X-Switchyard-Tenant` header names the tenant only in the loopback development mode
/// (``ServerOptions/tenantHeader``). A request with none of these goes on without a caller, and tenant routes
/// refuse it with 401.
struct TenantMiddleware: RouterMiddleware {
    typealias Context = SwitchyardRequestContext
    let options: ServerOptions
    /// Tier of each tenant named in the gateway configuration.
    let tiers: [String: Int]
    /// Where `sy_` keys are checked; `nil` when the server runs without a runtime.
    let keys: (any APIKeyStore)?

    static let tenantField = HTTPField.Name(ServerOptions.tenantHeader)!
    /// Where LangGraph's SDK sends its key (`langgraph-sdk` sets `x-api-key`); read when there is no
    /// `Authorization` header.
    static let apiKeyField = HTTPField.Name("x-api-key")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxUploadSize = options.maxBodyBytes
        // A bad key fails only the routes that need a caller: `/healthz` answers whatever the headers say.
        do {
            context.caller = try await caller(of: request)
        } catch let error as APIError {
            context.authenticationError = error
        }
        if let caller = context.caller {
            context.logger[metadataKey: "tenant"] = .string(caller.tenant.rawValue)
            if let key = caller.keyID { context.logger[metadataKey: "key_id"] = .string(key) }
        }
        return try await next(request, context)
    }

    func caller(of request: Request) async throws -> Caller? {
        if let authorization = request.headers[.authorization] ?? request.headers[Self.apiKeyField] {
            let key = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : authorization
            if key.hasPrefix(APIKeys.prefix), let keys {
                do {
                    let record = try await APIKeys.authenticate(key, store: keys)
                    return Caller(
                        tenant: record.tenant, tier: tiers[record.tenant.rawValue] ?? 0, scopes: record.scopes,
                        keyID: record.id)
                } catch let error as SwitchyardError {
                    throw APIError(.unauthorized, code: error.code, message: error.message)
                }
            }
            guard let tenant = options.apiKeys[key] else {
                throw APIError(.unauthorized, code: .invalidAPIKey, message: "the API key is not known")
            }
            return Caller(tenant: tenant, tier: tiers[tenant.rawValue] ?? 0)
        }
        guard options.tenantHeader, let header = request.headers[Self.tenantField], !header.isEmpty else {
            return nil
        }
        let tenant: TenantID
        do {
            tenant = try TenantID(header)
        } catch {
            throw APIError(.badRequest, code: .invalidTenant, message: error.message)
        }
        return Caller(tenant: tenant, tier: tiers[tenant.rawValue] ?? 0, scopes: Set(APIKeyScope.all))
    }
}
