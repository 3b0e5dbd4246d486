import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// The context of every request: Hummingbird's core storage plus the caller, once ``TenantMiddleware`` has
/// found one. Routes that touch tenant data take ``TenantRequestContext`` instead, which always has a tenant.
public struct SwitchyardRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// Who is calling, when the request named a tenant (by header or API key).
    public var caller: Caller?
    /// The largest request body accepted; bigger bodies get a 413.
    public var maxUploadSize: Int
    /// Why the request's credentials were refused (an unknown, revoked or expired key), answered by the routes
    /// that need a caller.
    public var authenticationError: APIError?

    /// A context with no caller yet and the default body limit (``TenantMiddleware`` sets both).
    /// - Parameter source: Hummingbird's request source.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.caller = nil
        self.maxUploadSize = ServerOptions.defaultMaxBodyBytes
        self.authenticationError = nil
    }
}

/// The tenant a request acts for, its tier (higher tiers are served first when capacity is short) and what its
/// credentials allow.
public struct Caller: Sendable, Hashable {
    /// The tenant whose data, limits, budget, cache and ledger the request uses.
    public var tenant: TenantID
    /// From `tenants.<id>.tier` in the configuration; 0 when the tenant is not listed.
    public var tier: Int
    /// What the request may do: the API key's scopes (every scope in the loopback development mode).
    public var scopes: Set<APIKeyScope>
    /// The API key's public id, for logs; `nil` for the development header and environment keys.
    public var keyID: String?

    /// A caller.
    /// - Parameters:
    ///   - tenant: The tenant the request acts for.
    ///   - tier: Its tier: higher tiers are served first when capacity is short.
    ///   - scopes: What its credentials allow.
    ///   - keyID: The API key's public id, if any.
    public init(
        tenant: TenantID, tier: Int = 0, scopes: Set<APIKeyScope> = [.runs, .knowledge, .models], keyID: String? = nil
    ) {
        self.tenant = tenant
        self.tier = tier
        self.scopes = scopes
        self.keyID = keyID
    }
}

/// A request context that has a tenant by construction: creating it fails with 401 `missing_tenant` when the
/// parent context has none, so a handler in a tenant route group cannot run without one.
public struct TenantRequestContext: ChildRequestContext {
    public typealias ParentContext = SwitchyardRequestContext
    /// Hummingbird's per-request storage, carried over from the parent.
    public var coreContext: CoreRequestContextStorage
    /// The caller: always present.
    public let caller: Caller
    /// The body limit, carried over from the parent.
    public let maxUploadSize: Int

    /// Fails with the parent's authentication error (401 `invalid_api_key`, `api_key_revoked`, …), or 401
    /// `missing_tenant` when the request had no credentials.
    /// - Parameter context: The request's context after ``TenantMiddleware``.
    /// - Throws: ``APIError``: the parent's authentication error, or `missing_tenant`.
    public init(context: SwitchyardRequestContext) throws {
        guard let caller = context.caller else { throw context.authenticationError ?? APIError.missingTenant() }
        self.coreContext = context.coreContext
        self.caller = caller
        self.maxUploadSize = context.maxUploadSize
    }
}
