import HTTPTypes
import Hummingbird
import SwitchyardCore

/// Finds the caller of a request: an API key (`Authorization: Bearer …`) from ``ServerOptions/apiKeys`` names
/// the tenant; without configured keys the `X-Switchyard-Tenant` header does. A malformed tenant id is a 400,
/// an unknown key a 401; a request with neither goes on without a caller (tenant routes then refuse it).
struct TenantMiddleware: RouterMiddleware {
    typealias Context = SwitchyardRequestContext
    let options: ServerOptions
    /// Tier of each tenant named in the gateway configuration.
    let tiers: [String: Int]

    static let tenantField = HTTPField.Name(ServerOptions.tenantHeader)!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxUploadSize = options.maxBodyBytes
        context.caller = try caller(of: request)
        return try await next(request, context)
    }

    func caller(of request: Request) throws -> Caller? {
        let name: String
        if !options.apiKeys.isEmpty {
            guard let authorization = request.headers[.authorization] else { return nil }
            let key = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : authorization
            guard let tenant = options.apiKeys[key] else {
                throw APIError(.unauthorized, code: .invalidAPIKey, message: "the API key is not known")
            }
            name = tenant.rawValue
        } else {
            guard let header = request.headers[Self.tenantField], !header.isEmpty else { return nil }
            name = header
        }
        let tenant: TenantID
        do {
            tenant = try TenantID(name)
        } catch {
            throw APIError(.badRequest, code: .invalidTenant, message: error.message)
        }
        return Caller(tenant: tenant, tier: tiers[tenant.rawValue] ?? 0)
    }
}
