import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// Tenants and API keys over the API (scope `admin`): what `switchyard tenants` and `switchyard keys` do.
struct AdminController: Sendable {
    let api: RuntimeAPI

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.get("tenants", use: tenants)
        group.post("tenants", use: createTenant)
        group.get("keys", use: keys)
        group.post("keys", use: createKey)
        group.delete("keys/:id", use: revokeKey)
    }

    @Sendable func tenants(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(["tenants": .array(try await api.store.tenants().map(\.json))])
    }

    @Sendable func createTenant(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize,
            allowed: ["tenant", "tier", "budget_usd", "budget_period_s", "max_concurrent_runs"])
        let tier = try body.int("tier") ?? 1
        let maxConcurrent = try body.int("max_concurrent_runs") ?? 4
        let budget = try body.number("budget_usd")
        let period = try body.number("budget_period_s")
        guard tier >= 1, maxConcurrent >= 1, (budget ?? 0) >= 0, (period ?? 1) > 0 else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "tier and max_concurrent_runs must be ≥ 1, budget_usd ≥ 0 and budget_period_s > 0")
        }
        let record = TenantRecord(
            id: try Self.tenantID(try body.requiredString("tenant")), tier: tier, budgetUSD: budget,
            budgetPeriodSeconds: budget == nil ? nil : period ?? 30 * 86400, maxConcurrentRuns: maxConcurrent)
        try await api.store.createTenant(record)
        return JSONBody.response(record.json, status: .created)
    }

    @Sendable func keys(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let tenant = try request.query("tenant").map(Self.tenantID)
        return JSONBody.response(["keys": .array(try await api.keys.apiKeys(tenant: tenant).map(\.json))])
    }

    /// Creates a key and answers it once, in `key`.
    @Sendable func createKey(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize, allowed: ["tenant", "scopes", "expires_in_s", "name"])
        let scopes = try Set((try body.strings("scopes") ?? ["runs"]).map { try APIKeyScope(parsing: $0) })
        let now = Date()
        var expires: Date?
        if let seconds = try body.number("expires_in_s") {
            guard seconds > 0 else {
                throw APIError(.badRequest, code: .invalidArgument, message: "expires_in_s must be > 0")
            }
            expires = now.addingTimeInterval(seconds)
        }
        let (key, record) = APIKeys.generate(
            tenant: try Self.tenantID(try body.requiredString("tenant")), scopes: scopes, name: try body.string("name"),
            expires: expires, now: now)
        try await api.keys.createAPIKey(record)
        guard case .object(var object) = record.json else { return JSONBody.response(record.json) }
        object["key"] = .string(key)
        return JSONBody.response(.object(object), status: .created)
    }

    @Sendable func revokeKey(_ request: Request, context: TenantRequestContext) async throws -> Response {
        JSONBody.response(try await api.keys.revokeAPIKey(tenant: nil, id: context.path("id"), now: Date()).json)
    }

    static func tenantID(_ text: String) throws -> TenantID {
        do {
            return try TenantID(text)
        } catch {
            throw APIError(.badRequest, code: .invalidTenant, message: error.message)
        }
    }
}
